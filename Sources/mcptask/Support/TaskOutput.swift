import MCPTaskCore
import MCPTaskTerminal

/// Prints the end of a call or task: the result on stdout (human or JSON), one line on stderr for failures.
struct TaskOutput {
    let console: Console
    let json: Bool

    /// Prints `outcome` and returns the exit status it stands for.
    func finish(_ outcome: TaskOutcome) -> ExitStatus {
        let verdict = outcome.verdict
        if json {
            var o: JSONObject = ["task": outcome.task?.json ?? .null, "result": outcome.result ?? .null]
            if case .error(let e) = outcome.payload { o["error"] = e.json }
            console.out(JSONValue.object(o).serialized() + "\n")
        } else if let result = outcome.result {
            console.out(ResultRenderer.render(result))
        }
        let subject = outcome.task.map { "task \(sanitize($0.taskId))" }
        switch verdict {
        case .success:
            break
        case .toolError:
            console.err("mcptask: " + (subject.map { "\($0): " } ?? "") + "the tool reported an error")
        case .failed(let message):
            console.err("mcptask: \(subject ?? "the call") failed: \(sanitize(message))")
        case .cancelled:
            console.err("mcptask: \(subject ?? "the call") was cancelled" + (outcome.task?.statusMessage.map { ": " + sanitize($0) } ?? ""))
        }
        return ExitStatus(verdict)
    }

    private func sanitize(_ s: String) -> String { TerminalSanitizer.sanitize(s, singleLine: true) }
}
