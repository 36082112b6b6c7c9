import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The sessions mcptask remembers, one per server identity, in `sessions.json` in the ``StateDirectory``.
///
/// The file is a small map (`{"v":1,"sessions":[...]}`) rewritten whole on every change: under
/// `flock(LOCK_EX)` on `sessions.lock`, a temporary file is written, fsynced and renamed over it, so readers
/// (under `LOCK_SH`) and a crash only ever see a complete file. An unreadable file or member reads as absent
/// (the next save replaces it) rather than failing the command: a forgotten session only costs a new one.
///
/// Methods are synchronous, short, blocking file operations.
public final class SessionStore: Sendable {
    /// The file name in the state directory.
    public static let fileName = "sessions.json"
    /// The lock file's name in the state directory.
    public static let lockName = "sessions.lock"

    public let directory: StateDirectory

    private var filePath: String { directory.file(Self.fileName) }
    private var lockPath: String { directory.file(Self.lockName) }

    /// Opens the store in `directory`, creating its lock file (mode 0600) if needed.
    public init(directory: StateDirectory) throws(StateError) {
        self.directory = directory
        close(try StateFileIO.open(lockPath, O_RDWR | O_CREAT))
    }

    /// The session remembered for a server, if any.
    public func load(serverKey: String) throws(StateError) -> RememberedSession? {
        try all().first { $0.serverKey == serverKey }
    }

    /// Every remembered session, most recently used first.
    public func all() throws(StateError) -> [RememberedSession] {
        try StateFileIO.withLock(lockPath, exclusive: false) { () throws(StateError) in
            try read().sorted { $0.lastUsed > $1.lastUsed }
        }
    }

    /// Remembers a session, replacing what was remembered for its server.
    public func save(_ session: RememberedSession) throws(StateError) {
        try modify { sessions in
            sessions.removeAll { $0.serverKey == session.serverKey }
            sessions.append(session)
        }
    }

    /// Forgets the session of a server.
    ///
    /// - Returns: what was forgotten, if anything.
    @discardableResult
    public func forget(serverKey: String) throws(StateError) -> RememberedSession? {
        var forgotten: RememberedSession?
        try modify { sessions in
            forgotten = sessions.first { $0.serverKey == serverKey }
            sessions.removeAll { $0.serverKey == serverKey }
        }
        return forgotten
    }

    // MARK: - Internals

    private func modify(_ change: (inout [RememberedSession]) -> Void) throws(StateError) {
        try StateFileIO.withLock(lockPath, exclusive: true) { () throws(StateError) in
            let before = try read()
            var sessions = before
            change(&sessions)
            guard sessions != before else { return }
            let document: JSONValue = ["v": 1, "sessions": .array(sessions.map(\.json))]
            try StateFileIO.replace(filePath, with: document.prettyPrinted().utf8 + [0x0A],
                                    directory: directory.path)
        }
    }

    private func read() throws(StateError) -> [RememberedSession] {
        guard let fd = try StateFileIO.openIfExists(filePath, O_RDONLY) else { return [] }
        defer { close(fd) }
        let bytes = try StateFileIO.readAll(fd, path: filePath)
        guard let document = try? JSONParser.parse(bytes), document["v"]?.intValue == 1,
              let items = document["sessions"]?.arrayValue
        else { return [] }
        var seen = Set<String>()
        return items.compactMap(RememberedSession.init(json:)).filter { seen.insert($0.serverKey).inserted }
    }
}
