import MCPTaskCore
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Serves one client over stdin/stdout (spec `basic/transports`, "stdio"): one JSON-RPC message per line each
/// way, nothing else on stdout. Ends when stdin does.
enum StdioServer {
    /// Largest message accepted from the client.
    static let maxMessageBytes = 16 << 20
    /// How long requests still running at EOF may take to answer before they are cancelled.
    static let shutdownGrace: Duration = .milliseconds(200)

    static func run(server: MCPServer) async {
        signal(SIGPIPE, SIG_IGN)  // a closed stdout is an error to handle, not a reason to die
        let writer = StdoutWriter()
        let session = server.openSession(id: "stdio", unsolicited: writer)
        let sweeper = Task { await server.runSweeper() }
        for await frame in StdinReader.lines(maxLineBytes: maxMessageBytes) {
            switch frame {
            case .oversized(let size):
                writer.send(.errorResponse(id: nil, error: RPCError(
                    code: RPCError.invalidRequest,
                    message: "Invalid Request: message of \(size)+ bytes exceeds the \(maxMessageBytes >> 20) MiB limit")))
            case .line(let bytes):
                switch MCPServer.decode(bytes) {
                case .invalid(let answer):
                    writer.send(answer)
                case .message(let message):
                    if case .request(let id, _, _) = message {
                        session.track(id) {
                            if let answer = await server.receive(message, session: session, sink: writer) {
                                writer.send(answer)
                            }
                        }
                    } else {
                        // Notifications and answers are quick; handling them in order keeps `cancelled` after
                        // the request it cancels.
                        _ = await server.receive(message, session: session, sink: writer)
                    }
                }
            }
        }
        // stdin ended: stop the tasks' work, give requests still running a moment to answer, then leave.
        await server.store.cancelAll(owner: nil, reason: "The task was cancelled because the client closed stdin.")
        await waitForRequests(session.inFlightTasks, upTo: shutdownGrace)
        await server.closeSession(session, cancelTasks: true)
        sweeper.cancel()
        await writer.drain()
    }

    /// Returns when every task has finished or `limit` has passed, whichever comes first.
    private static func waitForRequests(_ tasks: [Task<Void, Never>], upTo limit: Duration) async {
        guard !tasks.isEmpty else { return }
        let done = Mutex(false)
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let finish: @Sendable () -> Void = {
                if done.withLock({ d in defer { d = true }; return !d }) { continuation.resume() }
            }
            Task {
                for task in tasks { await task.value }
                finish()
            }
            Task {
                try? await Task.sleep(for: limit)
                finish()
            }
        }
    }
}
