import Foundation
import MCPTaskCore
import MCPTaskTerminal
import Synchronization

/// The tasks started in one `mcptask shell` session. Each is followed from the moment it starts, by one
/// ``TaskWaiter`` (one `tasks/result` held open, which is also where its questions arrive), whatever the shell
/// is doing. A task is followed in the *background* — every status change is one `[task ID] …` line above the
/// prompt, its end a summary line and the result — or in the *foreground* while `call --wait` or `result ID`
/// waits for it, with the CLI's updating status line and the result printed by the waiting command.
final class ShellTasks: Sendable {
    /// How a task ended: what the waiter got, or why following it failed.
    enum End: Sendable {
        case outcome(TaskOutcome)
        case failure(String)
    }

    private struct Entry {
        var tool: String
        var latest: MCPTask
        var end: End?
        /// Set while a command waits for the task in the foreground.
        var reporter: StatusReporter?
        var waiters: [Int: CheckedContinuation<Void, any Error>] = [:]
        var follower: Task<Void, Never>?
    }

    private struct State {
        var entries: [String: Entry] = [:]
        /// Ids in the order the tasks started.
        var order: [String] = []
        var nextToken = 0
    }

    private let state = Mutex(State())
    private let console: Console

    init(console: Console) {
        self.console = console
    }

    /// This session's task ids, newest first.
    var ids: [String] { state.withLock { $0.order.reversed() } }

    /// How many of this session's tasks have not ended (as far as the shell has heard).
    var runningCount: Int { state.withLock { $0.entries.values.filter { $0.end == nil }.count } }

    func isTracked(_ id: String) -> Bool { state.withLock { $0.entries[id] != nil } }

    /// Starts following `task`, in the foreground of `reporter` when one is given.
    func start(_ task: MCPTask, tool: String, connection: CommandContext.Connection, reporter: StatusReporter? = nil) {
        let id = task.taskId
        state.withLock { s in
            s.entries[id] = Entry(tool: tool, latest: task, reporter: reporter)
            s.order.append(id)
        }
        let follower = Task { [self] in
            let waiter = TaskWaiter(driver: connection.driver)
            do {
                let outcome = try await waiter.wait(for: task) { [self] update in self.update(id, update) }
                if let last = outcome.task { await connection.observe([last]) }
                finish(id, .outcome(outcome))
            } catch {
                // Stopped by the shell ending: the connection's close may fail the wait with any error.
                if error is CancellationError || Task.isCancelled { return }
                finish(id, .failure(ErrorPresenter.present(error, taskContext: id).message))
            }
        }
        state.withLock { $0.entries[id]?.follower = follower }
    }

    /// Stops following every task (the shell is ending).
    func stopAll() {
        for follower in state.withLock({ $0.entries.values.compactMap(\.follower) }) { follower.cancel() }
    }

    // MARK: - Reporting

    private func update(_ id: String, _ task: MCPTask) {
        let background = state.withLock { s -> Bool in
            guard var entry = s.entries[id], entry.end == nil else { return false }
            // The first report is the state the task started in, already announced.
            if entry.latest.status == task.status, entry.latest.statusMessage == task.statusMessage { return false }
            entry.latest = task
            s.entries[id] = entry
            if let reporter = entry.reporter {
                // Under the lock: once detach(_:) has run, no status line is drawn over the prompt.
                reporter.update(task)
                return false
            }
            // In the background the end is told by the summary.
            return !task.status.isTerminal
        }
        if background { console.err("[task \(Self.clean(id))] \(StatusReporter.line(for: task))") }
    }

    private func finish(_ id: String, _ end: End) {
        let (reporter, waiters, found) = state.withLock { s -> (StatusReporter?, [CheckedContinuation<Void, any Error>], Bool) in
            guard var entry = s.entries[id], entry.end == nil else { return (nil, [], false) }
            entry.end = end
            let waiters = Array(entry.waiters.values)
            entry.waiters = [:]
            s.entries[id] = entry
            return (entry.reporter, waiters, true)
        }
        guard found else { return }
        if reporter == nil { summarise(id, end) }
        for waiter in waiters { waiter.resume() }
    }

    /// The background end of a task: one line on stderr, and the result on stdout when it is more than that line.
    private func summarise(_ id: String, _ end: End) {
        let subject = "[task \(Self.clean(id))]"
        switch end {
        case .failure(let message):
            console.err("\(subject) stopped following it: \(message)")
        case .outcome(let outcome):
            let rendered = outcome.result.map(ResultRenderer.render) ?? ""
            let lines = rendered.split(separator: "\n", omittingEmptySubsequences: false).dropLast(rendered.hasSuffix("\n") ? 1 : 0)
            let first = lines.first.map(String.init) ?? ""
            let short = first.count > 100 ? String(first.prefix(99)) + "…" : first
            let head: String
            switch outcome.verdict {
            case .success:
                head = "completed" + (short.isEmpty ? "" : ": " + short)
            case .toolError:
                head = "completed with a tool error" + (short.isEmpty ? "" : ": " + short)
            case .failed(let message):
                head = "failed: " + Self.clean(message)
            case .cancelled:
                head = "cancelled" + (outcome.task?.statusMessage.map { ": " + Self.clean($0) } ?? "")
            }
            console.err("\(subject) \(head)")
            if lines.count > 1 || short != first { console.out(rendered) }
        }
    }

    // MARK: - Waiting in the foreground

    /// Waits for the task in the foreground (status line, then the result as `call` prints it) and returns the
    /// exit status its end stands for. Cancelled (Ctrl-C, `--timeout`): the task goes back to the background
    /// with ``detach(_:)``.
    func waitInForeground(_ id: String, json: Bool) async throws -> ExitStatus {
        let reporter = StatusReporter(console: console)
        let ended = state.withLock { s -> Bool? in
            guard s.entries[id] != nil else { return nil }
            if s.entries[id]?.end != nil { return true }
            s.entries[id]?.reporter = reporter
            return false
        }
        guard let ended else { throw UsageError("task \(id) was not started in this shell") }
        if !ended {
            if let latest = state.withLock({ $0.entries[id]?.latest }) { reporter.update(latest) }
            try await waitForEnd(id)
            reporter.finish()
        }
        return print(id, json: json)
    }

    /// Back to the background after a foreground wait was stopped; an end that came meanwhile is summarised.
    func detach(_ id: String) {
        let end = state.withLock { s -> End? in
            guard s.entries[id]?.reporter != nil else { return nil }
            s.entries[id]?.reporter = nil
            return s.entries[id]?.end
        }
        if let end { summarise(id, end) }
    }

    /// Prints the end of a finished task as `result` does; nil when it has not ended.
    func printIfEnded(_ id: String, json: Bool) -> ExitStatus? {
        guard state.withLock({ $0.entries[id]?.end != nil }) else { return nil }
        return print(id, json: json)
    }

    private func print(_ id: String, json: Bool) -> ExitStatus {
        switch state.withLock({ $0.entries[id]?.end }) {
        case .outcome(let outcome)?:
            return TaskOutput(console: console, json: json).finish(outcome)
        case .failure(let message)?:
            console.err("mcptask: task \(Self.clean(id)): \(message)")
            return .connection
        case nil:
            return .connection
        }
    }

    private func waitForEnd(_ id: String) async throws {
        let token = state.withLock { s -> Int in
            defer { s.nextToken += 1 }
            return s.nextToken
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let resumeNow = state.withLock { s -> (any Error)?? in
                    if Task.isCancelled { return .some(CancellationError()) }
                    guard s.entries[id] != nil, s.entries[id]?.end == nil else { return .some(nil) }
                    s.entries[id]?.waiters[token] = continuation
                    return .none
                }
                switch resumeNow {
                case .some(let error?): continuation.resume(throwing: error)
                case .some(nil): continuation.resume()
                case .none: break
                }
            }
        } onCancel: {
            let waiter = state.withLock { $0.entries[id]?.waiters.removeValue(forKey: token) }
            waiter?.resume(throwing: CancellationError())
        }
    }

    static func clean(_ text: String) -> String { TerminalSanitizer.sanitize(text, singleLine: true) }
}
