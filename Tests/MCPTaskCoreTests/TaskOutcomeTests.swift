import Testing
@testable import MCPTaskCore

@Suite("TaskOutcome.verdict")
struct TaskOutcomeTests {
    typealias V = TaskOutcome.Verdict

    @Test func completedWithResult() {
        #expect(TaskOutcome(task: makeTask(.completed), payload: .result(textResult("ok"))).verdict == .success)
        #expect(TaskOutcome(task: makeTask(.completed), payload: .result(textResult("ok", isError: false))).verdict == .success)
    }

    @Test("a completed task whose result has no content is still a success")
    func completedNoContent() {
        #expect(TaskOutcome(task: makeTask(.completed), payload: .result(["content": []])).verdict == .success)
        #expect(TaskOutcome(task: makeTask(.completed), payload: .result(.object([:]))).verdict == .success)
    }

    @Test("isError: true is a tool error, whatever the task status says")
    func isError() {
        for status in [TaskStatus.completed, .failed] {
            #expect(TaskOutcome(task: makeTask(status), payload: .result(textResult("bad", isError: true))).verdict == .toolError)
        }
        #expect(TaskOutcome(task: nil, payload: .result(textResult("bad", isError: true))).verdict == .toolError)
    }

    @Test("a failed task with no tool content fails with its statusMessage")
    func failedWithoutContent() {
        #expect(TaskOutcome(task: makeTask(.failed, "disk full"), payload: .result(["content": []])).verdict == .failed("disk full"))
        #expect(TaskOutcome(task: makeTask(.failed, "disk full"), payload: nil).verdict == .failed("disk full"))
        if case .failed(let m) = TaskOutcome(task: makeTask(.failed), payload: nil).verdict {
            #expect(!m.isEmpty)
        } else {
            Issue.record("expected failed")
        }
    }

    @Test("a failed task that did produce tool content is a tool error")
    func failedWithContent() {
        #expect(TaskOutcome(task: makeTask(.failed, "x"), payload: .result(textResult("trace"))).verdict == .toolError)
        #expect(TaskOutcome(task: makeTask(.failed, "x"), payload: .result(["content": [], "structuredContent": ["e": 1]])).verdict == .toolError)
    }

    @Test("a JSON-RPC error is a failure carrying the error's message",
          arguments: [TaskStatus.completed, .failed, .working])
    func rpcError(status: TaskStatus) {
        let outcome = TaskOutcome(task: makeTask(status, "status text"), payload: .error(RPCError(code: -32603, message: "tool crashed")))
        #expect(outcome.verdict == .failed("tool crashed"))
        #expect(outcome.result == nil)
    }

    @Test("cancelled wins over everything", arguments: [
        TaskPayload?.none, .result(textResult("partial")), .result(textResult("x", isError: true)), .error(RPCError(code: 1, message: "m")),
    ])
    func cancelled(payload: TaskPayload?) {
        #expect(TaskOutcome(task: makeTask(.cancelled, "by user"), payload: payload).verdict == .cancelled)
    }

    @Test func plainCall() {
        #expect(TaskOutcome(task: nil, payload: .result(textResult("x"))).verdict == .success)
        #expect(TaskOutcome(task: nil, payload: .error(RPCError(code: -32602, message: "bad args"))).verdict == .failed("bad args"))
    }

    @Test("no payload: only completed is a success")
    func noPayload() {
        #expect(TaskOutcome(task: makeTask(.completed), payload: nil).verdict == .success)
        for outcome in [TaskOutcome(task: makeTask(.working), payload: nil), TaskOutcome(task: makeTask(.inputRequired), payload: nil),
                        TaskOutcome(task: nil, payload: nil), TaskOutcome(task: makeTask(.other("paused")), payload: nil)] {
            guard case .failed(let m) = outcome.verdict else { Issue.record("\(outcome.verdict)"); continue }
            #expect(!m.isEmpty)
        }
    }

    @Test func resultAccessor() {
        let r = textResult("x")
        #expect(TaskOutcome(task: nil, payload: .result(r)).result == r)
        #expect(TaskOutcome(task: nil, payload: nil).result == nil)
    }
}
