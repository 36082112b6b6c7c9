import MCPTaskCore
import Testing
@testable import MCPTaskServer

@Suite struct TaskResultQueueTests {
    func request(_ n: Int, task: String = "t") -> (RequestID, JSONRPCMessage) {
        let id = RequestID.string("q\(n)")
        return (id, .request(id: id, method: "elicitation/create", params: ["n": .int(n), "task": .string(task)]))
    }

    @Test func eachRequestGoesToOneConsumer() {
        var queue = TaskResultQueue()
        let (id1, m1) = request(1), (id2, m2) = request(2)
        queue.enqueue(requestID: id1, taskId: "t", message: m1)
        queue.enqueue(requestID: id2, taskId: "t", message: m2)
        #expect(queue.claim(taskId: "t", consumer: 1) == m1)
        #expect(queue.claim(taskId: "t", consumer: 2) == m2)
        #expect(queue.claim(taskId: "t", consumer: 3) == nil)
        #expect(queue.outstanding(taskId: "t") == 2)
    }

    @Test func releasedRequestsAreDeliveredAgain() {
        var queue = TaskResultQueue()
        let (id1, m1) = request(1)
        queue.enqueue(requestID: id1, taskId: "t", message: m1)
        #expect(queue.claim(taskId: "t", consumer: 1) == m1)
        #expect(queue.release(consumer: 2).isEmpty)
        #expect(queue.release(consumer: 1) == ["t"])
        #expect(queue.hasUnclaimed(taskId: "t"))
        #expect(queue.claim(taskId: "t", consumer: 2) == m1)
    }

    @Test func answeredRequestsLeaveTheQueue() {
        var queue = TaskResultQueue()
        let (id1, m1) = request(1)
        queue.enqueue(requestID: id1, taskId: "t", message: m1)
        _ = queue.claim(taskId: "t", consumer: 1)
        #expect(queue.answer(id1)?.taskId == "t")
        #expect(queue.answer(id1) == nil)
        #expect(queue.release(consumer: 1).isEmpty)
        #expect(queue.claim(taskId: "t", consumer: 2) == nil)
        #expect(queue.outstanding(taskId: "t") == 0)
    }

    @Test func requestsStayWithTheirTask() {
        var queue = TaskResultQueue()
        let (id1, m1) = request(1, task: "a"), (id2, m2) = request(2, task: "b")
        queue.enqueue(requestID: id1, taskId: "a", message: m1)
        queue.enqueue(requestID: id2, taskId: "b", message: m2)
        #expect(queue.claim(taskId: "b", consumer: 1) == m2)
        #expect(queue.removeAll(taskId: "a") == [id1])
        #expect(queue.claim(taskId: "a", consumer: 1) == nil)
        #expect(queue.all.map(\.requestID) == [id2])
    }
}
