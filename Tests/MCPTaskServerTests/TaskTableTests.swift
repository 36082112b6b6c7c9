import MCPTaskCore
import Testing
@testable import MCPTaskServer

@Suite struct TaskTableTests {
    let t0: UnixMillis = 1_764_000_000_000

    func table(maxTTL: Int? = 60_000, pageSize: Int = 2, shared: Bool = false) -> TaskTable {
        TaskTable(policy: .init(maxTTL: maxTTL, pollInterval: 250, pageSize: pageSize, sharedTasks: shared))
    }

    @Test func createsWorkingTasksWithTheWireFields() throws {
        var table = table()
        let record = table.create(id: "a", owner: "s1", requestedTTL: 5000, now: t0)
        #expect(record.status == .working && record.statusMessage == nil && record.payload == nil)
        let json = try #require(record.json.objectValue)
        #expect(json.keys == ["taskId", "status", "createdAt", "lastUpdatedAt", "ttl", "pollInterval"])
        #expect(json["ttl"] == 5000 && json["pollInterval"] == 250)
        #expect(json["createdAt"] == .string(ISOTimestamp.string(t0)))
    }

    @Test(arguments: [
        (Optional(60_000), Optional(1000), Optional(1000)),
        (Optional(60_000), Optional(90_000), Optional(60_000)),
        (Optional(60_000), nil, Optional(60_000)),
        (nil, Optional(5), Optional(5)),
        (nil, nil, nil),
    ] as [(Int?, Int?, Int?)])
    func grantsTTLUpToTheCap(maxTTL: Int?, requested: Int?, granted: Int?) {
        var table = table(maxTTL: maxTTL)
        let record = table.create(id: "a", owner: "s", requestedTTL: requested, now: t0)
        #expect(record.ttl == granted)
        #expect(record.json["ttl"] == (granted.map { .int($0) } ?? .null))
    }

    @Test func lookupIsBoundToTheOwnerUnlessShared() throws {
        var bound = table()
        _ = bound.create(id: "a", owner: "s1", requestedTTL: nil, now: t0)
        #expect(try bound.lookup("a", owner: "s1", now: t0).taskId == "a")
        #expect(RPCError.code { _ = try bound.lookup("a", owner: "s2", now: t0) } == RPCError.invalidParams)
        #expect(RPCError.code { _ = try bound.lookup("zzz", owner: "s1", now: t0) } == RPCError.invalidParams)

        var shared = table(shared: true)
        _ = shared.create(id: "a", owner: "s1", requestedTTL: nil, now: t0)
        #expect(try shared.lookup("a", owner: "s2", now: t0).taskId == "a")
    }

    @Test func expiresAtCreatedAtPlusTTL() throws {
        var table = table()
        _ = table.create(id: "a", owner: "s", requestedTTL: 500, now: t0)
        #expect(try table.lookup("a", owner: "s", now: t0 + 499).taskId == "a")
        #expect(RPCError.code { _ = try table.lookup("a", owner: "s", now: t0 + 500) } == RPCError.invalidParams)
        let early = table.removeExpired(now: t0 + 499)
        #expect(early.isEmpty)
        let due = table.removeExpired(now: t0 + 500)
        #expect(due.map(\.taskId) == ["a"])
        #expect(table.count == 0)
    }

    @Test func statusAndMessageChangesFollowTheLifecycle() throws {
        var table = table()
        _ = table.create(id: "a", owner: "s", requestedTTL: nil, now: t0)
        let asked = table.update("a", status: .inputRequired, message: .some("waiting"), now: t0 + 1)
        let asking = try #require(asked)
        #expect(asking.status == .inputRequired && asking.statusMessage == "waiting" && asking.lastUpdatedAt == t0 + 1)
        let unchanged = table.update("a", status: .inputRequired, message: .some("waiting"), now: t0 + 2)
        #expect(unchanged == nil)
        let resumed = table.update("a", status: .working, message: .some(nil), now: t0 + 3)
        let back = try #require(resumed)
        #expect(back.status == .working && back.statusMessage == nil)
        let ended = table.update("a", status: .completed, message: nil, now: t0 + 4)
        #expect(ended == nil)  // only finish() ends tasks
        let finished = table.finish("a", payload: .result(["content": []]), now: t0 + 5)
        let done = try #require(finished)
        #expect(done.status == .completed)
        let late = table.update("a", message: .some("late"), now: t0 + 6)
        #expect(late == nil)
        let again = table.finish("a", payload: .error(RPCError(code: -1, message: "x")), now: t0 + 7)
        #expect(again == nil)
        #expect(try table.lookup("a", owner: "s", now: t0 + 8).status == .completed)
    }

    @Test func failureKeepsTheErrorAsStatusMessage() throws {
        var table = table()
        _ = table.create(id: "a", owner: "s", requestedTTL: nil, now: t0)
        let error = RPCError(code: RPCError.internalError, message: "it broke")
        let finished = table.finish("a", payload: .error(error), now: t0 + 1)
        let failed = try #require(finished)
        #expect(failed.status == .failed && failed.statusMessage == "it broke" && failed.payload == .error(error))
    }

    @Test func cancelRules() throws {
        var table = table()
        _ = table.create(id: "a", owner: "s", requestedTTL: nil, now: t0)
        #expect(RPCError.code { _ = try table.cancel("a", owner: "other", now: t0) } == RPCError.invalidParams)
        let cancelled = try table.cancel("a", owner: "s", now: t0 + 1)
        #expect(cancelled.status == .cancelled && cancelled.payload == .error(TaskTable.cancelledError))
        #expect(RPCError.code { _ = try table.cancel("a", owner: "s", now: t0 + 2) } == RPCError.invalidParams)
        let late = table.finish("a", payload: .result([:]), now: t0 + 3)
        #expect(late == nil)  // cancelled stays cancelled
        #expect(RPCError.code { _ = try table.cancel("nope", owner: "s", now: t0) } == RPCError.invalidParams)
    }

    @Test(arguments: [TaskStatus.working, .inputRequired, .completed, .failed, .cancelled])
    func terminalStatesAreFinal(from: TaskStatus) {
        for to in [TaskStatus.working, .inputRequired, .completed, .failed, .cancelled] {
            let allowed = from.canTransition(to: to)
            #expect(allowed == !from.isTerminal, "\(from) → \(to)")
        }
    }

    @Test func pagesWithOpaqueCursors() throws {
        var table = table(pageSize: 2)
        for i in 1...5 { _ = table.create(id: "t\(i)", owner: i == 3 ? "other" : "s", requestedTTL: nil, now: t0) }
        var ids: [String] = []
        var pages: [Int] = []
        var cursor: String?
        repeat {
            let page = try table.page(cursor: cursor, owner: "s", now: t0)
            pages.append(page.tasks.count)
            ids += page.tasks.map(\.taskId)
            cursor = page.nextCursor
            #expect(page.json["nextCursor"] == page.nextCursor.map { .string($0) })
        } while cursor != nil
        #expect(ids == ["t1", "t2", "t4", "t5"] && pages == [2, 2])
        #expect(RPCError.code { _ = try table.page(cursor: "bogus!", owner: "s", now: t0) } == RPCError.invalidParams)
        #expect(RPCError.code { _ = try table.page(cursor: TaskCursor.encode(after: 99), owner: "s", now: t0) } == RPCError.invalidParams)
        #expect(try table.page(cursor: nil, owner: "nobody", now: t0).tasks.isEmpty)
    }

    @Test func lastPageHasNoCursorAndExpiredTasksAreNotListed() throws {
        var table = table(pageSize: 2)
        _ = table.create(id: "short", owner: "s", requestedTTL: 10, now: t0)
        _ = table.create(id: "long", owner: "s", requestedTTL: nil, now: t0)
        let page = try table.page(cursor: nil, owner: "s", now: t0 + 10)
        #expect(page.tasks.map(\.taskId) == ["long"] && page.nextCursor == nil)
        #expect(page.json.objectValue?.keys == ["tasks"])
    }
}
