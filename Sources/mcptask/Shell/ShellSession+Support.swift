import ArgumentParser
import Foundation
import MCPTaskCore
import MCPTaskTerminal

/// What every command of the shell uses: its parser, the checks on its options, and running in the foreground.
extension ShellSession {
    /// Parses `words` with the command's own parser; prints its help, or one error line, and returns nil when
    /// there is nothing to run.
    func parse<C: ParsableCommand>(_ type: C.Type, _ words: [String]) -> C? {
        if words.contains("--") {
            refuseServerSelection()
            return nil
        }
        do {
            return try type.parse(words)
        } catch {
            if type.exitCode(for: error) == .success {
                // --help: the same as `help COMMAND`, with what differs in the shell.
                let text = ShellHelp.command(type._commandName, columns: console.stdoutColumns) ?? type.fullMessage(for: error)
                console.out(text.hasSuffix("\n") ? text : text + "\n")
                return nil
            }
            let message = type.message(for: error).split(separator: "\n").first.map(String.init) ?? "invalid usage"
            let hint = type.exitCode(for: error) == .validationFailure ? " (see 'help \(type._commandName)')" : ""
            console.err("mcptask: " + (message.hasPrefix("Error: ") ? String(message.dropFirst(7)) : message) + hint)
            return nil
        }
    }

    /// False (with one error line) when a command line selects a server: the shell has one.
    func allows(_ server: ServerOptions) -> Bool {
        if server.url != nil || server.server != nil || server.config != nil || server.demo || !server.headers.isEmpty {
            refuseServerSelection()
            return false
        }
        return true
    }

    /// False (with one error line) when answering options are given: questions are asked at the prompt.
    func allows(_ answering: AnswerOptions) -> Bool {
        if !answering.answers.isEmpty || answering.answersFile != nil || answering.noInput || answering.declineAll
            || answering.openURLs {
            console.err("mcptask: --answer, --answers, --no-input, --decline-all and --open-urls do not apply in the shell: questions are asked at the prompt")
            return false
        }
        return true
    }

    private func refuseServerSelection() {
        let label = TerminalSanitizer.sanitize(connection.server.label, singleLine: true)
        console.err("mcptask: the shell is connected to \(label); server selection (--url, -s, --config, --demo, -H, -- COMMAND) does not apply inside it")
    }

    /// The context a command's `execute` gets: its own options, the shell's console and question policy.
    func commandContext(_ server: ServerOptions, _ common: CommonOptions) -> CommandContext {
        CommandContext(server: server, common: common, console: console, elicitation: ShellTerminal.policy)
    }

    /// Runs a command's work in the foreground: Ctrl-C and `timeout` stop it (`onStop` says so, by default
    /// "mcptask: interrupted"), an error is one line. Returns what the work returned; nil when it did not finish.
    @discardableResult
    func foreground<T: Sendable>(timeout: Double?, _ body: @escaping @Sendable () async throws -> T,
                                 onStop: (@Sendable (StopReason) async -> Void)? = nil) async -> T? {
        do {
            return try await ShellInterrupt.run(timeout: timeout, body)
        } catch let stop as StopReason {
            console.clearStatus()
            if let onStop { await onStop(stop) } else { console.err("mcptask: \(stop)") }
        } catch {
            console.clearStatus()
            console.err("mcptask: " + ErrorPresenter.present(error).message)
        }
        return nil
    }
}
