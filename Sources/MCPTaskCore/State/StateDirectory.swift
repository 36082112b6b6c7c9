import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The directory that holds mcptask's local state: the task registry, remembered sessions, shell history.
///
/// Resolved as `$MCPTASK_STATE_DIR`, else `$XDG_STATE_HOME/mcptask` (XDG Base Directory spec: a relative
/// `XDG_STATE_HOME` is ignored), else `~/.local/state/mcptask`. The directory holds session ids and what tasks
/// were run with, so it is private: created mode 0700, an existing one of yours with looser read/search
/// permissions is tightened to 0700, and one that others can write to (or that belongs to someone else) is
/// refused with an error that says how to fix it. Files inside are created 0600 by the stores.
public struct StateDirectory: Sendable, Equatable {
    /// The absolute path of the directory.
    public let path: String

    /// The directory's mode.
    public static let mode: mode_t = 0o700

    /// Opens the directory at `path` (made absolute against the working directory), creating it and missing
    /// parents when needed, and checks that it is private. See the type's documentation for the rules.
    public init(path: String) throws(StateError) {
        self.path = Self.normalise(path)
        try Self.prepare(self.path)
    }

    /// Resolves the standard location from `environment` and opens it.
    public static func standard(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(StateError) -> StateDirectory {
        try StateDirectory(path: resolvePath(environment: environment))
    }

    /// The path the standard location resolves to, without touching the file system.
    public static func resolvePath(environment: [String: String]) throws(StateError) -> String {
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? passwdHome()
        if let explicit = environment["MCPTASK_STATE_DIR"], !explicit.isEmpty {
            return normalise(expandTilde(explicit, home: home))
        }
        if let xdg = environment["XDG_STATE_HOME"], xdg.hasPrefix("/") {
            return normalise(xdg + "/mcptask")
        }
        guard let home else { throw .noHomeDirectory }
        return normalise(home + "/.local/state/mcptask")
    }

    /// The path of a file in this directory.
    public func file(_ name: String) -> String { path + "/" + name }

    // MARK: - Creation and checks

    private static func prepare(_ path: String) throws(StateError) {
        try makeDirectories(path)
        var st = stat()
        guard stat(path, &st) == 0 else { throw .io(operation: "stat", path: path, code: errno) }
        guard st.st_mode & S_IFMT == S_IFDIR else { throw .notADirectory(path: path) }
        guard st.st_uid == geteuid() else {
            throw .insecure(path: path, reason: "it belongs to user \(st.st_uid), not to you; "
                + "point MCPTASK_STATE_DIR at a directory of your own")
        }
        if st.st_mode & 0o022 != 0 {
            // Someone else could already have planted or swapped files in it; tightening now would not undo that.
            throw .insecure(path: path, reason: "others can write to it (mode \(String(st.st_mode & 0o7777, radix: 8))); "
                + "fix it with: chmod 700 \(path)")
        }
        if st.st_mode & 0o7777 != mode, chmod(path, mode) != 0 {
            throw .io(operation: "chmod", path: path, code: errno)
        }
    }

    /// `mkdir -p` with mode 0700 for every directory it creates; the last one is chmod-ed so the umask cannot
    /// loosen it.
    private static func makeDirectories(_ path: String) throws(StateError) {
        var prefix = ""
        let components = path.split(separator: "/", omittingEmptySubsequences: true)
        for (index, component) in components.enumerated() {
            prefix += "/" + component
            if mkdir(prefix, mode) == 0 {
                if index == components.count - 1, chmod(prefix, mode) != 0 {
                    throw .io(operation: "chmod", path: prefix, code: errno)
                }
            } else if errno != EEXIST {
                // A parent we may not create (e.g. "/home") but that exists is fine: EACCES or EROFS there is
                // only an error if the path really is missing.
                let code = errno
                var st = stat()
                if stat(prefix, &st) != 0 { throw .io(operation: "mkdir", path: prefix, code: code) }
            }
        }
    }

    // MARK: - Path helpers

    private static func expandTilde(_ path: String, home: String?) -> String {
        guard let home else { return path }
        if path == "~" { return home }
        if path.hasPrefix("~/") { return home + path.dropFirst() }
        return path
    }

    /// Makes the path absolute (relative to the working directory) and drops empty and "." components and
    /// trailing slashes. ".." is kept: resolving it without the file system would be wrong across symlinks.
    private static func normalise(_ path: String) -> String {
        var absolute = path
        if !absolute.hasPrefix("/") {
            absolute = FileManager.default.currentDirectoryPath + "/" + absolute
        }
        let parts = absolute.split(separator: "/", omittingEmptySubsequences: true).filter { $0 != "." }
        return "/" + parts.joined(separator: "/")
    }

    private static func passwdHome() -> String? {
        var buffer = [CChar](repeating: 0, count: 16 << 10)
        // pw_dir points into the buffer, so it is read while the buffer is pinned.
        return buffer.withUnsafeMutableBufferPointer { storage -> String? in
            var record = passwd()
            var result: UnsafeMutablePointer<passwd>?
            guard let base = storage.baseAddress,
                  getpwuid_r(geteuid(), &record, base, storage.count, &result) == 0, result != nil,
                  let dir = record.pw_dir
            else { return nil }
            let home = String(cString: dir)
            return home.isEmpty ? nil : home
        }
    }
}
