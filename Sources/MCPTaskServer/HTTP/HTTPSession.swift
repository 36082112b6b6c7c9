import Foundation
import Synchronization

/// One Streamable HTTP session (`Mcp-Session-Id`): the protocol session, its SSE streams, and its GET stream.
final class HTTPSession: Sendable {
    let id: String
    let session: ServerSession
    let hub: SSEHub
    private let standalone = Mutex<SSEStreamSink?>(nil)

    init(id: String, session: ServerSession, hub: SSEHub) {
        self.id = id
        self.session = session
        self.hub = hub
    }

    /// The session's GET stream, created on first use; from then on it carries the session's unsolicited
    /// messages (kept for replay while no GET is connected).
    func standaloneStream() -> SSEStreamSink {
        let (sink, created) = standalone.withLock { s -> (SSEStreamSink, Bool) in
            if let existing = s { return (existing, false) }
            let sink = hub.openStream()
            s = sink
            return (sink, true)
        }
        if created { session.setUnsolicitedSink(sink) }
        return sink
    }
}

/// The live HTTP sessions by id.
final class HTTPSessionRegistry: Sendable {
    private let sessions = Mutex<[String: HTTPSession]>([:])

    /// A new session id: a random UUID (visible ASCII, unguessable, as the transport spec asks).
    static func newID() -> String { UUID().uuidString.lowercased() }

    func add(_ session: HTTPSession) {
        sessions.withLock { $0[session.id] = session }
    }

    func get(_ id: String) -> HTTPSession? {
        sessions.withLock { $0[id] }
    }

    func remove(_ id: String) -> HTTPSession? {
        sessions.withLock { $0.removeValue(forKey: id) }
    }

    var count: Int { sessions.withLock { $0.count } }
}
