import Foundation
import Testing
@testable import MCPTaskCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

// MARK: - Helpers shared by the State* test suites

/// A fresh private directory under the system temporary directory; removed by `removeScratch`.
func makeScratch() -> String {
    var base = NSTemporaryDirectory()
    while base.hasSuffix("/") { base.removeLast() }
    var template = Array((base + "/mcptask-state-XXXXXX").utf8CString)
    let path = template.withUnsafeMutableBufferPointer { buffer -> String in
        guard let base = buffer.baseAddress, let made = mkdtemp(base) else { return "" }
        return String(cString: made)
    }
    precondition(!path.isEmpty, "mkdtemp failed")
    return path
}

func removeScratch(_ path: String) {
    try? FileManager.default.removeItem(atPath: path)
}

/// The permission bits of a path.
func permissions(_ path: String) -> mode_t? {
    var st = stat()
    guard stat(path, &st) == 0 else { return nil }
    return st.st_mode & 0o7777
}

func readText(_ path: String) -> String {
    (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
}

/// Appends raw bytes to a file, the way a killed writer or a disk error would leave them.
func appendRaw(_ path: String, _ text: String) {
    let fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0o600)
    precondition(fd >= 0)
    _ = Array(text.utf8).withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    close(fd)
}

/// Runs blocking work (waiting for threads, processes, locks; long computations) on a thread of its own and
/// awaits it, so the test never occupies the cooperative pool that other suites' async tests need (it has one
/// thread per core). Expectations belong in the caller, on the returned value: issues recorded on a plain thread
/// would not be attributed to the test.
func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}

// MARK: -

@Suite("StateDirectory", .serialized)
struct StateDirectoryTests {
    @Test("resolution order", arguments: [
        (["MCPTASK_STATE_DIR": "/x/state", "XDG_STATE_HOME": "/xdg", "HOME": "/home/u"], "/x/state"),
        (["MCPTASK_STATE_DIR": "/x/state/", "HOME": "/home/u"], "/x/state"),
        (["MCPTASK_STATE_DIR": "~/st", "HOME": "/home/u"], "/home/u/st"),
        (["MCPTASK_STATE_DIR": "", "XDG_STATE_HOME": "/xdg", "HOME": "/home/u"], "/xdg/mcptask"),
        (["XDG_STATE_HOME": "/xdg/", "HOME": "/home/u"], "/xdg/mcptask"),
        (["XDG_STATE_HOME": "relative/ignored", "HOME": "/home/u"], "/home/u/.local/state/mcptask"),
        (["HOME": "/home/u"], "/home/u/.local/state/mcptask"),
        (["HOME": "/home//u/./"], "/home/u/.local/state/mcptask"),
    ])
    func resolution(environment: [String: String], expected: String) throws {
        #expect(try StateDirectory.resolvePath(environment: environment) == expected)
    }

    @Test func relativeOverrideIsMadeAbsolute() throws {
        let path = try StateDirectory.resolvePath(environment: ["MCPTASK_STATE_DIR": "rel/dir"])
        #expect(path == FileManager.default.currentDirectoryPath + "/rel/dir")
    }

    @Test func relativePathsAreTakenFromTheWorkingDirectory() throws {
        let scratch = makeScratch()
        defer { removeScratch(scratch) }
        let cwd = FileManager.default.currentDirectoryPath
        let relative = String(repeating: "../", count: cwd.split(separator: "/").count) + scratch.dropFirst() + "/./rel"
        let dir = try StateDirectory(path: relative)
        #expect(dir.path.hasPrefix("/"))
        #expect(!dir.path.contains("/./"))
        #expect(permissions(scratch + "/rel") == 0o700)
    }

    @Test func createsMissingDirectoriesPrivateWhateverTheUmask() throws {
        let scratch = makeScratch()
        defer { removeScratch(scratch) }
        let old = umask(0)
        defer { umask(old) }
        let dir = try StateDirectory.standard(environment: ["XDG_STATE_HOME": scratch + "/a/b"])
        #expect(dir.path == scratch + "/a/b/mcptask")
        #expect(permissions(dir.path) == 0o700)
        #expect(permissions(scratch + "/a/b") == 0o700, "parents it creates are private too (XDG)")

        // Files are 0600 even with umask 0.
        let registry = try TaskRegistry(directory: dir)
        try registry.record(TaskRegistryEntry(serverKey: "s", taskId: "t", toolName: "x", argumentsDigest: "d",
                                              status: .working))
        let sessions = try SessionStore(directory: dir)
        try sessions.save(RememberedSession(serverKey: "s", sessionId: "sid", protocolVersion: "2025-11-25"))
        for name in [TaskRegistry.logName, TaskRegistry.lockName, SessionStore.fileName, SessionStore.lockName] {
            #expect(permissions(dir.file(name)) == 0o600, "\(name)")
        }
        try registry.compact()
        #expect(permissions(dir.file(TaskRegistry.logName)) == 0o600, "the compacted log too")
    }

    @Test func tightensReadableDirectoryOfItsOwner() throws {
        let scratch = makeScratch()
        defer { removeScratch(scratch) }
        #expect(chmod(scratch, 0o755) == 0)
        _ = try StateDirectory(path: scratch)
        #expect(permissions(scratch) == 0o700)
    }

    @Test("refuses directories others can write to", arguments: [0o777, 0o770, 0o722, 0o1777] as [mode_t])
    func refusesWritableByOthers(mode: mode_t) throws {
        let scratch = makeScratch()
        defer { removeScratch(scratch) }
        #expect(chmod(scratch, mode) == 0)
        #expect {
            try StateDirectory(path: scratch)
        } throws: { error in
            guard case StateError.insecure(let path, let reason)? = error as? StateError else { return false }
            return path == scratch && reason.contains("chmod 700")
        }
        #expect(permissions(scratch) == mode, "an unsafe directory is left alone, not silently fixed")
    }

    @Test func refusesAFile() throws {
        let scratch = makeScratch()
        defer { removeScratch(scratch) }
        appendRaw(scratch + "/file", "x")
        #expect(throws: StateError.notADirectory(path: scratch + "/file")) {
            try StateDirectory(path: scratch + "/file")
        }
    }

    @Test func refusesADirectoryOfAnotherUser() throws {
        // Only root can hand a directory to someone else; elsewhere there is nothing to set up.
        guard geteuid() == 0 else { return }
        let scratch = makeScratch()
        defer { removeScratch(scratch) }
        #expect(chown(scratch, 65534, 65534) == 0)
        #expect(throws: StateError.self) { try StateDirectory(path: scratch) }
    }

    @Test func tightensLooseFilesItOpens() throws {
        let scratch = makeScratch()
        defer { removeScratch(scratch) }
        let dir = try StateDirectory(path: scratch)
        appendRaw(dir.file(TaskRegistry.logName), "")
        #expect(chmod(dir.file(TaskRegistry.logName), 0o644) == 0)
        let registry = try TaskRegistry(directory: dir)
        _ = try registry.entries()
        #expect(permissions(dir.file(TaskRegistry.logName)) == 0o600)
    }

    @Test func refusesSymlinkedStateFiles() throws {
        let scratch = makeScratch()
        defer { removeScratch(scratch) }
        let dir = try StateDirectory(path: scratch)
        appendRaw(scratch + "/elsewhere", "")
        #expect(symlink(scratch + "/elsewhere", dir.file(TaskRegistry.lockName)) == 0)
        #expect(throws: StateError.self) { try TaskRegistry(directory: dir) }
    }

    @Test func errorsReadWell() {
        #expect(StateError.io(operation: "open", path: "/x", code: ENOENT).description
            == "open /x: No such file or directory")
        #expect(StateError.noHomeDirectory.description.contains("MCPTASK_STATE_DIR"))
    }
}
