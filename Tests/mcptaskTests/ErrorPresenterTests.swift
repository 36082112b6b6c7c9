import Testing
@testable import MCPTaskCore
@testable import mcptask

/// `Testing` has an `ExitStatus` too.
typealias CLIExit = mcptask.ExitStatus

@Suite("ErrorPresenter and ExitStatus")
struct ErrorPresenterTests {
    @Test("transport-level MCP errors exit 5", arguments: [
        MCPError.connection("connection refused"), .protocolViolation("not JSON"), .unsupported("no tasks"),
        .oversizedMessage(limit: 16 << 20), .sessionClosed,
    ])
    func connectionClass(error: MCPError) {
        let (message, status) = ErrorPresenter.present(error)
        #expect(status == .connection)
        #expect(status.rawValue == 5)
        #expect(!message.isEmpty)
    }

    @Test func authenticationExits6() {
        let (message, status) = ErrorPresenter.present(MCPError.authentication(status: 401, message: "Unauthorized"))
        #expect(status == .authentication)
        #expect(status.rawValue == 6)
        #expect(message.contains("401"))
    }

    @Test("invalid params on a task operation means no such task (exit 4)")
    func noSuchTask() {
        let error = MCPError.rpc(RPCError(code: -32602, message: "Unknown task: abc"))
        let (message, status) = ErrorPresenter.present(error, taskContext: "abc")
        #expect(status == .noSuchTask)
        #expect(status.rawValue == 4)
        #expect(message.contains("abc"))
        // Without a task context, invalid params is a server error.
        #expect(ErrorPresenter.present(error).status == .connection)
        // Other codes on task operations are not "no such task".
        #expect(ErrorPresenter.present(MCPError.rpc(RPCError(code: -32603, message: "boom")), taskContext: "abc").status == .connection)
    }

    @Test func rpcErrorsKeepCodeAndAreSanitised() {
        let (message, status) = ErrorPresenter.present(MCPError.rpc(RPCError(code: -32601, message: "Method not found: tasks/list\u{1B}[2J")))
        #expect(status == .connection)
        #expect(message.contains("-32601"))
        #expect(message.contains("tasks/list"))
        #expect(!message.contains("\u{1B}"))
        let other = ErrorPresenter.present(MCPError.rpc(RPCError(code: -32000, message: "line1\nline2")))
        #expect(other.message.contains("-32000"))
        #expect(!other.message.contains("\n"))
    }

    @Test("usage problems exit 64")
    func usage() throws {
        do {
            _ = try ArgumentCoercion.coerce("abc", key: "count", schema: ["type": "integer"])
            Issue.record("coerced")
        } catch {
            let (message, status) = ErrorPresenter.present(error)
            #expect(status == .usage && status.rawValue == 64)
            #expect(message.contains("count"))
        }
        let tool = ToolDescriptor(json: ["name": "t", "execution": ["taskSupport": "required"]])!
        if case .failure(let conflict) = TaskModeDecision.decide(tool: tool, serverSupportsTaskCalls: true, request: .init(noTask: true)) {
            #expect(ErrorPresenter.present(conflict).status == .usage)
        } else {
            Issue.record("no conflict")
        }
        let usage = ErrorPresenter.present(UsageError("the server has no tool named 'x'"))
        #expect(usage.message == "the server has no tool named 'x'")
        #expect(usage.status == .usage)
    }

    @Test func stops() {
        let timedOut = ErrorPresenter.present(StopReason.timedOut(5))
        #expect(timedOut.status == .timedOut && timedOut.status.rawValue == 7)
        #expect(timedOut.message.contains("5s"))
        let interrupted = ErrorPresenter.present(StopReason.interrupted)
        #expect(interrupted.status == .interrupted && interrupted.status.rawValue == 130)
        #expect(ErrorPresenter.present(CancellationError()).status == .interrupted)
    }

    struct Weird: Error {}

    @Test func unknownErrorsExit5() {
        #expect(ErrorPresenter.present(Weird()).status == .connection)
    }

    @Test("exit status of each verdict", arguments: [
        (TaskOutcome.Verdict.success, Int32(0)), (.toolError, 1), (.failed("x"), 2), (.cancelled, 3),
    ] as [(TaskOutcome.Verdict, Int32)])
    func verdicts(verdict: TaskOutcome.Verdict, code: Int32) {
        #expect(CLIExit(verdict).rawValue == code)
        #expect(CLIExit(verdict).exitCode.rawValue == code)
    }

    @Test("the documented table lists every exit status")
    func table() {
        let all: [CLIExit] = [.success, .toolError, .taskFailed, .cancelled, .noSuchTask, .connection, .authentication, .timedOut, .usage, .interrupted]
        #expect(all.map(\.rawValue) == [0, 1, 2, 3, 4, 5, 6, 7, 64, 130])
        let lines = CLIExit.table.split(separator: "\n").map { $0.trimmingPrefix(while: { $0 == " " }) }
        for status in all {
            #expect(lines.contains { $0.hasPrefix("\(status.rawValue) ") }, "exit \(status.rawValue) is not documented")
        }
    }
}
