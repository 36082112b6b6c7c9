import ArgumentParser
import MCPTaskCore
import MCPTaskTerminal

/// Turns every error into one line on stderr and an exit status.
enum ErrorPresenter {
    /// The message and status for `error`. `taskContext` names the task an RPC error concerns, so that
    /// "invalid params" on a task operation reads as "no such task".
    static func present(_ error: any Error, taskContext: String? = nil) -> (message: String, status: ExitStatus) {
        switch error {
        case let e as MCPError:
            switch e {
            case .connection, .protocolViolation, .unsupported, .oversizedMessage, .sessionClosed, .sessionExpired:
                return (e.description, .connection)
            case .authentication:
                return (e.description, .authentication)
            case .rpc(let rpc):
                if let task = taskContext, rpc.code == RPCError.invalidParams {
                    return ("no such task: \(task) (\(sanitized(rpc.message)))", .noSuchTask)
                }
                if rpc.code == RPCError.methodNotFound {
                    return ("the server does not support this: \(sanitized(rpc.message)) (code \(rpc.code))", .connection)
                }
                return ("server error: \(sanitized(rpc.message)) (code \(rpc.code))", .connection)
            }
        case let e as ArgumentCoercion.Failure:
            return (e.message, .usage)
        case let e as TaskModeConflict:
            return (e.message, .usage)
        case let e as UsageError:
            return (e.message, .usage)
        case let stop as StopReason:
            return (stop.description, stop.defaultStatus)
        case is CancellationError:
            return ("interrupted", .interrupted)
        default:
            return (String(describing: error), .connection)
        }
    }

    static func sanitized(_ text: String) -> String { TerminalSanitizer.sanitize(text, singleLine: true) }
}

/// A usage problem found after parsing (e.g. an unknown tool): exit 64.
struct UsageError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

extension StopReason: CustomStringConvertible {
    var description: String {
        switch self {
        case .timedOut(let s): return "timed out after \(DurationFormat.short(s))"
        case .interrupted: return "interrupted"
        }
    }
}

/// Runs a command body, printing any error as one line and exiting with the matching status.
func runReportingErrors(console: Console = .shared, _ body: () async throws -> ExitStatus) async throws {
    let status: ExitStatus
    do {
        status = try await body()
    } catch let exit as ExitCode {
        throw exit
    } catch {
        let (message, s) = ErrorPresenter.present(error)
        console.err("mcptask: " + message)
        status = s
    }
    if status != .success { throw status.exitCode }
}
