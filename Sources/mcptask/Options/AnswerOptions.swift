import ArgumentParser
import Foundation
import MCPTaskCore
import MCPTaskTerminal

/// How to answer the server's questions (elicitations) during `call` and `result`.
struct AnswerOptions: ParsableArguments {
    @Option(name: .customLong("answer"),
            help: ArgumentHelp("Answer a form field up front, read like typed input (repeatable).", valueName: "key=value"))
    var answers: [String] = []

    @Option(name: .customLong("answers"),
            help: ArgumentHelp("Answers as a JSON object, from a file or - for stdin.", valueName: "file|-"))
    var answersFile: String?

    @Flag(name: .customLong("no-input"), help: "Never prompt; forms the answers do not complete are declined.")
    var noInput = false

    @Flag(name: .customLong("decline-all"), help: "Decline every question the server asks.")
    var declineAll = false

    @Flag(name: .customLong("open-urls"), help: "Open URLs you consent to with $BROWSER.")
    var openURLs = false

    func validate() throws {
        for answer in answers where !answer.contains("=") || answer.hasPrefix("=") {
            throw ValidationError("--answer '\(answer)' is not KEY=VALUE")
        }
    }

    /// The presets, reading `--answers` (which may consume stdin).
    func presets() throws -> PresetAnswers {
        let typed = answers.compactMap { answer -> (key: String, text: String)? in
            guard let eq = answer.firstIndex(of: "=") else { return nil }
            return (String(answer[..<eq]), String(answer[answer.index(after: eq)...]))
        }
        var values = JSONObject()
        if let answersFile {
            let data: Data?
            if answersFile == "-" {
                data = FileHandle.standardInput.readDataToEndOfFile()
            } else {
                data = FileManager.default.contents(atPath: answersFile)
            }
            guard let data else { throw UsageError("cannot read --answers file '\(answersFile)'") }
            guard let value = try? JSONParser.parse(Array(data)), let object = value.objectValue else {
                throw UsageError("--answers must hold a JSON object of field values")
            }
            values = object
        }
        return PresetAnswers(typed: typed, values: values)
    }

    /// The policy for this command. Reading answers from stdin rules out prompting on it.
    func policy() throws -> ElicitationPolicy {
        let interactive = isatty(0) == 1 && isatty(2) == 1 && !noInput && answersFile != "-"
        return ElicitationPolicy(declineAll: declineAll, presets: try presets(), canPrompt: interactive)
    }
}

extension CommandContext {
    /// A context for commands that answer the server's questions (`call`, `result`); a malformed
    /// `--answers` file is a usage error (exit 64).
    static func answering(server: ServerOptions, common: CommonOptions, answering: AnswerOptions) throws -> CommandContext {
        do {
            return CommandContext(server: server, common: common, elicitation: try answering.policy(),
                                  openURLs: answering.openURLs)
        } catch let error as UsageError {
            Console.shared.err("mcptask: " + error.message)
            throw ExitStatus.usage.exitCode
        }
    }
}
