#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Why the local state (task registry, remembered sessions) could not be used.
///
/// Corrupt *content* is never an error here: the stores skip what they cannot read. These errors are about the
/// directory and the file system: a directory others could write to, a path that is not a directory, a failed
/// system call.
public enum StateError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Neither `MCPTASK_STATE_DIR`, `XDG_STATE_HOME` nor a home directory is known.
    case noHomeDirectory
    /// The state directory (or a file in it) is not safe to use; `reason` says why and what to do.
    case insecure(path: String, reason: String)
    /// The state path exists but is not a directory.
    case notADirectory(path: String)
    /// A system call failed: `operation` names it (`open`, `rename`, ...), `code` is `errno`.
    case io(operation: String, path: String, code: Int32)

    public var description: String {
        switch self {
        case .noHomeDirectory:
            return "cannot find a state directory: set MCPTASK_STATE_DIR, XDG_STATE_HOME or HOME"
        case .insecure(let path, let reason):
            return "refusing to use the state directory \(path): \(reason)"
        case .notADirectory(let path):
            return "the state path \(path) exists and is not a directory"
        case .io(let operation, let path, let code):
            return "\(operation) \(path): \(String(cString: strerror(code)))"
        }
    }
}
