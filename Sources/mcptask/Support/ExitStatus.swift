import ArgumentParser
import MCPTaskCore

/// mcptask's documented exit codes (Docs/exit-codes.md).
enum ExitStatus: Int32 {
    case success = 0
    case toolError = 1
    case taskFailed = 2
    case cancelled = 3
    case noSuchTask = 4
    case connection = 5
    case authentication = 6
    case timedOut = 7
    case usage = 64
    case interrupted = 130

    static let table = """
          0    success: the task completed and its result is not isError
          1    the tool reported an error (isError: true); for cancel: the task
               had already finished
          2    the task failed without a tool result (JSON-RPC error)
          3    the task was cancelled
          4    no such task (unknown id, or expired)
          5    connection, transport or protocol error (unreachable, server
               exited, malformed messages, no task support)
          6    authentication required or refused (HTTP 401/403)
          7    --timeout elapsed (the task may still be running)
          64   usage error (bad flags or arguments, values that do not fit
               the tool's schema)
          130  interrupted (Ctrl-C)
        """

    var exitCode: ExitCode { ExitCode(rawValue) }

    /// The exit status for a finished task or call.
    init(_ verdict: TaskOutcome.Verdict) {
        switch verdict {
        case .success: self = .success
        case .toolError: self = .toolError
        case .failed: self = .taskFailed
        case .cancelled: self = .cancelled
        }
    }
}
