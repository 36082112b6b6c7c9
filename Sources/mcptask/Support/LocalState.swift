import Foundation
import MCPTaskCore
import MCPTaskTerminal

/// The state directory's registry and session store, opened once per command, with every file operation run
/// off the cooperative thread pool (file locks may block). When the directory cannot be used, commands go on
/// without remembering anything and `--verbose` says why.
final class LocalState: Sendable {
    let registry: TaskRegistry
    let sessions: SessionStore
    let directory: StateDirectory

    private init(directory: StateDirectory) throws {
        self.directory = directory
        registry = try TaskRegistry(directory: directory)
        sessions = try SessionStore(directory: directory)
    }

    /// Opens the standard state directory, or explains why it cannot.
    static func open(console: Console, verbose: Bool) -> LocalState? {
        do {
            return try LocalState(directory: StateDirectory.standard())
        } catch {
            if verbose {
                console.err("mcptask: not remembering tasks or sessions: \(TerminalSanitizer.sanitize(String(describing: error), singleLine: true))")
            }
            return nil
        }
    }

    /// Runs blocking state I/O on a thread of its own and returns its result.
    func run<T: Sendable>(_ body: @escaping @Sendable (LocalState) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { continuation.resume(with: Result { try body(self) }) }
            thread.start()
        }
    }

    /// Like ``run(_:)`` but a failure only costs a `--verbose` note: remembering is best effort.
    func attempt(_ what: String, console: Console, verbose: Bool, _ body: @escaping @Sendable (LocalState) throws -> Void) async {
        do {
            try await run(body)
        } catch {
            if verbose {
                console.err("mcptask: could not \(what): \(TerminalSanitizer.sanitize(String(describing: error), singleLine: true))")
            }
        }
    }
}
