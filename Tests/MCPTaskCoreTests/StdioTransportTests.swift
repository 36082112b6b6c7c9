import Foundation
import Testing
@testable import MCPTaskCore

/// The stdio transport against tiny `/bin/sh` "servers".
@Suite("StdioTransport with shell scripts", .timeLimit(.minutes(1)))
struct StdioTransportTests {
    private func transport(_ script: String, maxBytes: Int = 1 << 20, stderr: (@Sendable (String) -> Void)? = nil) -> StdioTransport {
        StdioTransport(.init(command: "/bin/sh", arguments: ["-c", script], maxMessageBytes: maxBytes,
                             killGrace: .milliseconds(500), stderrLine: stderr))
    }

    /// Every event until the stream ends (or 10 s pass).
    private func events(_ t: StdioTransport) async throws -> [TransportEvent] {
        let stream = try await t.connect()
        return try await withDeadline {
            var all: [TransportEvent] = []
            for await e in stream { all.append(e) }
            return all
        }
    }

    private func closedError(_ events: [TransportEvent]) -> MCPError?? {
        guard case .closed(let e)? = events.last else { return nil }
        return .some(e)
    }

    @Test("a request goes out on stdin and the answer comes back from stdout")
    func requestResponse() async throws {
        // Request ids start at a random number (processes may share a session), so the script echoes the id.
        let t = transport(#"read line; id=$(printf '%s' "$line" | sed 's/.*"id":\([0-9]*\).*/\1/'); case "$line" in *'"method":"ping"'*) printf '{"jsonrpc":"2.0","id":%s,"result":{"ok":true}}\n' "$id";; esac; sleep 5"#)
        let session = JSONRPCSession(transport: t)
        try await session.start()
        let result = try await withDeadline { try await session.request("ping") }
        #expect(result == ["ok": true])
        let start = ContinuousClock.now
        await session.close()
        #expect(ContinuousClock.now - start < .seconds(4), "close ends a server that ignores EOF")
    }

    @Test("a message written in pieces arrives whole")
    func splitWrites() async throws {
        let t = transport(#"printf '{"jsonrpc":"2.0",'; sleep 0.2; printf '"method":"notifications/message","params":{"s":"\u2028"}}\n'"#)
        let all = try await events(t)
        guard case .message(let m)? = all.first else { Issue.record("\(all)"); return }
        #expect(m == .notification(method: "notifications/message", params: ["s": "\u{2028}"]))
    }

    @Test("the server exiting ends the stream with its status and last stderr lines")
    func exitStatus() async throws {
        let lines = LineBox()
        let t = transport("echo 'starting' >&2; echo 'boom: bad config' >&2; exit 3", stderr: { lines.append($0) })
        let all = try await events(t)
        let error = try #require(closedError(all) ?? nil)
        guard case .connection(let message) = error else { Issue.record("\(error)"); return }
        #expect(message.contains("3"))
        #expect(message.contains("boom: bad config"))
        #expect(lines.all == ["starting", "boom: bad config"])
        #expect(t.stderrTail == ["starting", "boom: bad config"])
        await t.close()
    }

    @Test("a server killed by a signal says so")
    func killedBySignal() async throws {
        let t = transport("kill -9 $$")
        let error = try #require(closedError(try await events(t)) ?? nil)
        guard case .connection(let message) = error else { Issue.record("\(error)"); return }
        #expect(message.contains("signal"))
        await t.close()
    }

    @Test("non-JSON on stdout is a protocol violation")
    func invalidJSON() async throws {
        let t = transport("echo 'Server starting on stdio...'; sleep 5")
        let error = try #require(closedError(try await events(t)) ?? nil)
        guard case .protocolViolation = error else { Issue.record("\(error)"); return }
        await t.close()
    }

    @Test("a message over the limit ends the stream with oversizedMessage")
    func oversized() async throws {
        let t = transport("head -c 5000 /dev/zero | tr '\\000' x; echo; sleep 5", maxBytes: 1000)
        let error = try #require(closedError(try await events(t)) ?? nil)
        #expect(error == .oversizedMessage(limit: 1000))
        await t.close()
    }

    @Test("a missing command fails to connect with a connection error naming it")
    func missingCommand() async throws {
        let t = StdioTransport(.init(command: "mcptask-no-such-server-xyz"))
        let error = await #expect(throws: MCPError.self) { _ = try await t.connect() }
        guard let error, case .connection(let message) = error else { Issue.record("\(String(describing: error))"); return }
        #expect(message.contains("mcptask-no-such-server-xyz"))
    }

    @Test("sending after the server is gone fails with a connection error")
    func sendAfterExit() async throws {
        signal(SIGPIPE, SIG_IGN)  // as mcptask's main does; see noSigpipe for a host that does not
        let t = transport("exit 0")
        _ = try await events(t)
        await #expect(throws: MCPError.self) {
            for _ in 0..<50 { try await t.send(.notification(method: "x", params: nil)) }
        }
        await t.close()
    }

    @Test("writing to a server that went away is an error, not a SIGPIPE that kills the host process")
    func noSigpipe() async {
        await #expect(processExitsWith: .success) {
            signal(SIGPIPE, SIG_DFL)  // a host program that does not ignore SIGPIPE itself
            let t = StdioTransport(.init(command: "/bin/sh", arguments: ["-c", "exit 0"]))
            let stream = try await t.connect()
            for await _ in stream {}
            for _ in 0..<50 { try? await t.send(.notification(method: "x", params: nil)) }
            await t.close()
        }
    }

    @Test func resolveExecutable() {
        #expect(StdioTransport.resolveExecutable("sh") != nil)
        #expect(StdioTransport.resolveExecutable("/bin/sh") == "/bin/sh")
        #expect(StdioTransport.resolveExecutable("/nonexistent/bin/x") == nil)
        #expect(StdioTransport.resolveExecutable("mcptask-no-such-server-xyz") == nil)
    }
}

final class LineBox: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    func append(_ s: String) { lock.lock(); items.append(s); lock.unlock() }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return items }
}
