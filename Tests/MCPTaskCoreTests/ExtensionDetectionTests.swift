import Testing
@testable import MCPTaskCore

@Suite("ProtocolDetection: the decision, without I/O")
struct ExtensionDetectionTests {
    typealias Outcome = ProtocolDetection.ProbeOutcome

    @Test("a DiscoverResult listing 2026-07-28 means modern")
    func discovered() {
        guard case .modern(let server) = ProtocolDetection.decide(.discovered(ModernFake.discoverResult())) else {
            Issue.record("not modern"); return
        }
        #expect(server.name == "modern-fake")
        #expect(server.offersTasks)
    }

    @Test("a DiscoverResult listing only legacy versions means initialize")
    func discoveredLegacyOnly() {
        let decision = ProtocolDetection.decide(.discovered(ModernFake.discoverResult(versions: ["2025-11-25"])))
        guard case .legacy = decision else { Issue.record("\(decision)"); return }
    }

    @Test("a DiscoverResult with nothing we speak fails")
    func discoveredNothingInCommon() {
        let decision = ProtocolDetection.decide(.discovered(ModernFake.discoverResult(versions: ["2030-01-01"])))
        guard case .failed(.unsupported(let m)) = decision else { Issue.record("\(decision)"); return }
        #expect(m.contains("2030-01-01"))
    }

    @Test("legacy answers: any non-modern error, HTTP rejection or silence falls back to initialize", arguments: [
        Outcome.rpcError(RPCError(code: -32601, message: "Method not found")),
        .rpcError(RPCError(code: -32602, message: "Invalid request parameters")),
        .rpcError(RPCError(code: -32600, message: "Bad Request: Missing session ID")),
        .rpcError(RPCError(code: -32000, message: "Server not initialized")),
        .rpcError(RPCError(code: 12345, message: "whatever")),
        .httpRejected(status: 400, detail: "Bad Request"), .httpRejected(status: 405, detail: ""), .httpRejected(status: nil, detail: ""),
        .noAnswer("no answer within 10 s"), .noAnswer("the server closed the connection"),
        .discovered(["protocolVersion": "2025-11-25"]),
    ])
    func legacy(outcome: Outcome) {
        guard case .legacy(let reason) = ProtocolDetection.decide(outcome) else {
            Issue.record("\(outcome) did not fall back"); return
        }
        #expect(!reason.isEmpty)
    }

    @Test("UnsupportedProtocolVersion: a listed legacy version means initialize, nothing usable fails")
    func unsupportedVersion() {
        let legacy = RPCError(code: -32022, message: "Unsupported protocol version", data: ["supported": ["2025-11-25"], "requested": "2026-07-28"])
        guard case .legacy = ProtocolDetection.decide(.rpcError(legacy)) else { Issue.record("no fallback"); return }
        let none = RPCError(code: -32022, message: "Unsupported protocol version", data: ["supported": ["2031-01-01"], "requested": "2026-07-28"])
        guard case .failed(.unsupported) = ProtocolDetection.decide(.rpcError(none)) else { Issue.record("no failure"); return }
        let contradictory = RPCError(code: -32022, message: "nope", data: ["supported": ["2026-07-28"]])
        guard case .failed(.protocolViolation) = ProtocolDetection.decide(.rpcError(contradictory)) else { Issue.record("accepted"); return }
    }

    @Test("HeaderMismatch and MissingRequiredClientCapability are modern: no fallback", arguments: [-32020, -32021])
    func modernErrors(code: Int) {
        let decision = ProtocolDetection.decide(.rpcError(RPCError(code: code, message: "modern complaint")))
        guard case .failed(.unsupported(let m)) = decision else { Issue.record("\(decision)"); return }
        #expect(m.contains("modern complaint"))
    }

    @Test("errors of the probe request, classified", arguments: [
        (MCPError.rpc(RPCError(code: -32601, message: "m")), Outcome?.some(.rpcError(RPCError(code: -32601, message: "m")))),
        (.connection("no MCP endpoint at http://h/mcp (HTTP 404)"), .httpRejected(status: 404, detail: "no MCP endpoint at http://h/mcp (HTTP 404)")),
        (.connection("the server rejected the request with HTTP 405"), .httpRejected(status: 405, detail: "the server rejected the request with HTTP 405")),
        (.connection("the server closed the connection"), .noAnswer("the server closed the connection")),
        (.protocolViolation("the server sent invalid JSON"), .noAnswer("the server sent invalid JSON")),
        (.sessionClosed, .noAnswer("the connection closed")),
        (.connection("cannot connect to h:1: connection refused (is the server running?)"), nil),
        (.connection("TLS failure talking to h"), nil),
        (.authentication(status: 401, message: "authentication required"), nil),
        (.oversizedMessage(limit: 10), nil),
        (.unsupported("x"), nil),
    ] as [(MCPError, Outcome?)])
    func classify(error: MCPError, expected: Outcome?) {
        #expect(ProtocolDetection.outcome(of: error) == expected)
    }

    @Test func timeoutAndForeignErrors() {
        #expect(ProtocolDetection.outcome(of: ProbeTimeout(limit: .seconds(2))) == .noAnswer("no answer within 2.0 seconds"))
        #expect(ProtocolDetection.outcome(of: CancellationError()) == nil)
    }

    @Test("the HTTP status is read from transport messages", arguments: [
        ("x (HTTP 404)", 404), ("rejected the request with HTTP 400: Bad", 400), ("HTTP 500 oops", nil), ("HTTP 40", nil), ("no status", nil),
    ] as [(String, Int?)])
    func status(message: String, expected: Int?) {
        #expect(ProtocolDetection.httpStatus(in: message) == expected)
    }
}

@Suite("ProtocolNegotiator: probe and connect over in-memory transports", .timeLimit(.minutes(1)))
struct ExtensionNegotiatorTests {
    static let info = ClientInfo(name: "mcptask", version: "9")

    static func negotiator(timeout: Duration = .seconds(5)) -> ProtocolNegotiator {
        ProtocolNegotiator(clientInfo: info, inputHandler: { _ in .decline }, probeTimeout: timeout)
    }

    /// A legacy server for the fallback; `seen` counts connections.
    static func legacyServer(_ seen: Counter) -> @Sendable () async throws -> MCPClient {
        return {
            _ = seen.next()
            let server = FakeServer { method, _ in
                method == "initialize" ? .success(FakeServer.initializeResult()) : nil
            }
            return try await MCPClient.connect(transport: server.transport, clientInfo: info)
        }
    }

    @Test("a modern server: one server/discover, and the probe's session is kept")
    func modern() async throws {
        let server = FakeServer { method, _ in method == "server/discover" ? .success(ModernFake.discoverResult()) : nil }
        let legacyCalls = Counter()
        let result = try await Self.negotiator().connect(preference: .auto, remembered: nil,
                                                         modernTransport: { server.transport }, legacy: Self.legacyServer(legacyCalls))
        #expect(result.connection.generation == .v2026_07_28)
        #expect(result.probed)
        #expect(result.fallbackReason == nil)
        #expect(result.connection.server.name == "modern-fake")
        #expect(result.connection.makeDriver().generation == .v2026_07_28)
        #expect(legacyCalls.count == 0)
        #expect(await server.requests("server/discover").count == 1)
        await result.connection.close()
    }

    @Test("a legacy server answering -32601: fall back to initialize on a new transport")
    func legacyByError() async throws {
        let probe = FakeServer { method, _ in
            method == "server/discover" ? .failure(RPCError(code: -32601, message: "Method not found")) : nil
        }
        let legacyCalls = Counter()
        let result = try await Self.negotiator().connect(preference: .auto, remembered: nil,
                                                         modernTransport: { probe.transport }, legacy: Self.legacyServer(legacyCalls))
        #expect(result.connection.generation == .v2025_11_25)
        #expect(result.probed)
        #expect(result.fallbackReason?.contains("-32601") == true)
        #expect(legacyCalls.count == 1)
        #expect(result.connection.server.protocolVersion == "2025-11-25")
        #expect(await probe.requests("initialize").isEmpty, "initialize never goes to the probe's connection")
        await result.connection.close()
    }

    @Test("a silent server: the probe times out and the server is treated as legacy")
    func legacyBySilence() async throws {
        let probe = FakeServer { _, _ in nil }
        let legacyCalls = Counter()
        let start = ContinuousClock.now
        let result = try await Self.negotiator(timeout: .milliseconds(200)).connect(
            preference: .auto, remembered: nil, modernTransport: { probe.transport }, legacy: Self.legacyServer(legacyCalls))
        #expect(ContinuousClock.now - start < .seconds(3))
        #expect(result.connection.generation == .v2025_11_25)
        #expect(result.fallbackReason?.contains("no answer") == true)
        await result.connection.close()
    }

    @Test("errors that are not about the generation are reported, not fallen back from")
    func authenticationIsReported() async throws {
        let probe = InMemoryTransport()
        let legacyCalls = Counter()
        let task = Task {
            try await Self.negotiator().connect(preference: .auto, remembered: nil, modernTransport: { probe },
                                                legacy: Self.legacyServer(legacyCalls))
        }
        // Answer the probe's request with a transport-level authentication failure.
        var iterator = probe.sent.makeAsyncIterator()
        guard case .request(let id, "server/discover", _)? = await iterator.next() else { Issue.record("no probe"); return }
        probe.deliver(.requestFailed(id, .authentication(status: 401, message: "authentication required")))
        let error = await #expect(throws: MCPError.self) { _ = try await task.value }
        guard case .authentication? = error else { Issue.record("\(String(describing: error))"); return }
        #expect(legacyCalls.count == 0)
    }

    @Test("forced generations and a remembered legacy server skip the probe")
    func noProbe() async throws {
        let untouched = FakeServer { _, _ in nil }
        let legacyCalls = Counter()
        for (preference, remembered) in [(ProtocolPreference.v2025_11_25, ProtocolGeneration?.none), (.auto, .v2025_11_25)] {
            let result = try await Self.negotiator().connect(preference: preference, remembered: remembered,
                                                             modernTransport: { untouched.transport }, legacy: Self.legacyServer(legacyCalls))
            #expect(result.connection.generation == .v2025_11_25)
            #expect(!result.probed)
            await result.connection.close()
        }
        #expect(legacyCalls.count == 2)
        #expect(await untouched.messages().isEmpty)

        let modern = FakeServer { method, _ in method == "server/discover" ? .success(ModernFake.discoverResult()) : nil }
        let forced = try await Self.negotiator().connect(preference: .v2026_07_28, remembered: .v2025_11_25,
                                                         modernTransport: { modern.transport }, legacy: Self.legacyServer(legacyCalls))
        #expect(forced.connection.generation == .v2026_07_28)
        #expect(!forced.probed)
        await forced.connection.close()
    }

    @Test("a remembered legacy server that now refuses initialize is probed again")
    func rememberedButChanged() async throws {
        let modern = FakeServer { method, _ in method == "server/discover" ? .success(ModernFake.discoverResult()) : nil }
        let result = try await Self.negotiator().connect(
            preference: .auto, remembered: .v2025_11_25, modernTransport: { modern.transport },
            legacy: { throw MCPError.rpc(RPCError(code: -32601, message: "initialize: Method not found")) })
        #expect(result.connection.generation == .v2026_07_28)
        #expect(result.probed)
        await result.connection.close()
    }
}
