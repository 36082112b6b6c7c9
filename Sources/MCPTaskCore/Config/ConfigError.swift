/// Everything that can be wrong with server configuration or the choice of server.
///
/// Messages name the file, the server and the field, never the value: a value may be a secret.
public enum ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The `--config` file does not exist (other files are simply skipped when missing).
    case fileNotFound(path: String)
    /// A file exists but cannot be read.
    case unreadableFile(path: String, reason: String)
    /// A file is not valid JSON; `offset` is the byte offset of the problem, `line` and `column` (from 1,
    /// column in bytes) the same place for people.
    case invalidJSON(path: String, offset: Int, line: Int, column: Int, message: String)
    /// A file is valid JSON but not valid configuration: a wrong type, a missing `command`/`url`, an
    /// unsupported transport. `server` and `field` are nil when the problem is not inside one.
    case invalidServer(path: String, server: String?, field: String?, message: String)
    /// A `${…}` in a string could not be expanded.
    case variable(path: String, server: String, field: String, problem: VariableProblem)
    /// No server has this name. `known` lists the configured names, `sources` the files they came from,
    /// `searched` every file that was looked for.
    case unknownServer(name: String, known: [String], sources: [String], searched: [String])
    /// Several ways of choosing a server were given at once (the names of the flags, as written).
    case conflictingSelection([String])
    /// A server choice given on the command line or in the environment is unusable (e.g. an empty name).
    case invalidSelection(String)

    public var description: String {
        switch self {
        case .fileNotFound(let path):
            return "configuration file \(path) does not exist"
        case .unreadableFile(let path, let reason):
            return "cannot read configuration file \(path): \(reason)"
        case .invalidJSON(let path, let offset, let line, let column, let message):
            return "\(path): invalid JSON at line \(line), column \(column) (byte \(offset)): \(message)"
        case .invalidServer(let path, let server, let field, let message):
            var place = path
            if let server { place += ": server '\(server)'" }
            if let field { place += ", \"\(field)\"" }
            return "\(place): \(message)"
        case .variable(let path, let server, let field, let problem):
            return "\(problem.description) (in \"\(field)\" of server '\(server)' in \(path))"
        case .unknownServer(let name, let known, let sources, let searched):
            if known.isEmpty {
                return "unknown server '\(name)': no servers are configured (looked for \(searched.joined(separator: ", ")))"
            }
            var message = "unknown server '\(name)'; known: \(known.joined(separator: ", ")) (from \(sources.joined(separator: ", ")))"
            if let close = known.first(where: { $0.lowercased() == name.lowercased() }) {
                message += "; did you mean '\(close)'?"
            }
            return message
        case .conflictingSelection(let given):
            return "give one server, not several: " + ConfigError.list(given) + " were given together"
        case .invalidSelection(let message):
            return message
        }
    }

    static func list(_ items: [String]) -> String {
        switch items.count {
        case 0: return ""
        case 1: return items[0]
        case 2: return items[0] + " and " + items[1]
        default: return items.dropLast().joined(separator: ", ") + " and " + (items.last ?? "")
        }
    }
}

/// Why a `${…}` reference could not be expanded. None of the messages contains a variable's value.
public enum VariableProblem: Error, Sendable, Equatable, CustomStringConvertible {
    /// `${NAME}` or `${env:NAME}` names a variable that is not set (and has no `:-default`).
    case missing(name: String)
    /// A form mcptask does not support, such as VS Code's `${input:id}` prompts; `reference` is how it was written.
    case unsupported(reference: String, hint: String)
    /// Not a well-formed reference (no closing brace, no valid name).
    case malformed(String)

    public var description: String {
        switch self {
        case .missing(let name):
            return "environment variable \(name) is not set"
        case .unsupported(let reference, let hint):
            return "\(reference) is not supported: \(hint)"
        case .malformed(let message):
            return message
        }
    }
}
