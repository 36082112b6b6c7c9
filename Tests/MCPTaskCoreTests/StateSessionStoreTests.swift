import Foundation
import Testing
@testable import MCPTaskCore

@Suite("SessionStore")
struct StateSessionStoreTests {
    func session(_ key: String, id: String? = "sid-1", used: Date = t0) throws -> RememberedSession {
        RememberedSession(serverKey: key, sessionId: id, protocolVersion: "2025-11-25", generation: "2025-11-25",
                          capabilities: try JSONParser.parse(#"{"tasks":{"requests":{"tools":{"call":{}}}},"logging":{}}"#),
                          serverName: "demo", serverVersion: "1.0.0", lastUsed: used)
    }

    @Test func saveLoadForget() throws {
        let scratch = makeScratch()
        defer { removeScratch(scratch) }
        let dir = try StateDirectory(path: scratch)
        let store = try SessionStore(directory: dir)
        #expect(try store.load(serverKey: "A") == nil)

        let a = try session("A")
        try store.save(a)
        try store.save(try session("B", id: nil, used: t0.addingTimeInterval(5)))
        let other = try SessionStore(directory: dir)
        #expect(try other.load(serverKey: "A") == a)
        #expect(try other.load(serverKey: "A")?.capabilities.serialized()
            == #"{"tasks":{"requests":{"tools":{"call":{}}}},"logging":{}}"#, "capabilities are kept as sent")
        #expect(try other.load(serverKey: "B")?.sessionId == nil)
        #expect(try other.all().map(\.serverKey) == ["B", "A"], "most recently used first")

        var replaced = a
        replaced.sessionId = "sid-2"
        try other.save(replaced)
        #expect(try store.load(serverKey: "A")?.sessionId == "sid-2")
        #expect(try store.all().count == 2)

        #expect(try store.forget(serverKey: "A")?.sessionId == "sid-2")
        #expect(try store.forget(serverKey: "A") == nil)
        #expect(try other.load(serverKey: "A") == nil)
        #expect(try other.load(serverKey: "B") != nil)
        #expect(permissions(dir.file(SessionStore.fileName)) == 0o600)
    }

    @Test func anUnreadableFileReadsAsEmptyAndIsReplaced() throws {
        let scratch = makeScratch()
        defer { removeScratch(scratch) }
        let dir = try StateDirectory(path: scratch)
        let store = try SessionStore(directory: dir)
        appendRaw(dir.file(SessionStore.fileName), "{\"v\":1,\"sessions\":[{\"serverKey\":")
        #expect(try store.load(serverKey: "A") == nil)
        try store.save(try session("A"))
        #expect(try store.load(serverKey: "A")?.serverName == "demo")
    }

    @Test func badMembersAreSkipped() throws {
        let scratch = makeScratch()
        defer { removeScratch(scratch) }
        let dir = try StateDirectory(path: scratch)
        let store = try SessionStore(directory: dir)
        try store.save(try session("A"))
        let good = readText(dir.file(SessionStore.fileName))
        let bad = good.replacingOccurrences(of: "\"sessions\": [", with: "\"sessions\": [ {\"serverKey\": 5}, 7, ")
        #expect(bad != good)
        try FileManager.default.removeItem(atPath: dir.file(SessionStore.fileName))
        appendRaw(dir.file(SessionStore.fileName), bad)
        #expect(try store.all().map(\.serverKey) == ["A"])
    }

    @Test func concurrentSaversLoseNothing() async throws {
        let scratch = makeScratch()
        defer { removeScratch(scratch) }
        let dir = try StateDirectory(path: scratch)
        let failures = try await onOwnThread {
            runOnThreads(20) { worker in
                let store = try SessionStore(directory: dir)
                for round in 0..<5 {
                    try store.save(RememberedSession(serverKey: "server-\(worker)", sessionId: "s\(round)",
                                                     protocolVersion: "2025-11-25"))
                }
            }
        }
        #expect(failures == [])
        let all = try SessionStore(directory: dir).all()
        #expect(all.count == 20)
        #expect(all.allSatisfy { $0.sessionId == "s4" })
    }
}
