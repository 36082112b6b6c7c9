import Foundation
import MCPTaskCore

/// Asks the person at the terminal what a server wants to know: a form, field by field with line editing
/// and a review, or consent to open a URL. Concurrent elicitations wait their turn.
public final class ElicitationPrompter: Sendable {
    private let console: Console
    private let editor: LineEditor
    private let gate = AsyncGate()
    private let openURLs: Bool

    public init(console: Console, editor: LineEditor, openURLs: Bool = false) {
        self.console = console
        self.editor = editor
        self.openURLs = openURLs
    }

    /// Asks about `request` from `serverName` and returns the answer to send.
    public func ask(_ request: ElicitationRequest, serverName: String, presets: PresetAnswers) async -> ElicitationResponse {
        await gate.acquire()
        // The whole question holds the terminal: a yielding read (the shell's prompt) waits until it is over.
        await editor.claimTerminal()
        console.setPrompting(true)
        defer {
            console.setPrompting(false)
            editor.releaseTerminal()
            Task { await gate.release() }
        }
        header(request, serverName: serverName)
        switch request.mode {
        case .form(let schema):
            return await askForm(schema, presets: presets)
        case .url(let url, _):
            return await askURL(url)
        }
    }

    private func clean(_ s: String, singleLine: Bool = true) -> String {
        TerminalSanitizer.sanitize(s, singleLine: singleLine)
    }

    private func header(_ request: ElicitationRequest, serverName: String) {
        var who = "\(clean(serverName)) asks"
        if let task = request.relatedTaskId { who += " (task \(clean(task)))" }
        console.err("")
        console.err("── \(who) ──")
        for line in TerminalSanitizer.sanitize(request.message).split(separator: "\n", omittingEmptySubsequences: false) {
            console.err("  " + line)
        }
    }

    private func askForm(_ schema: FormSchema, presets: PresetAnswers) async -> ElicitationResponse {
        var session = FormSession(schema: schema, presets: presets)
        if schema.fields.isEmpty { console.err("  (nothing to fill in)") }
        while true {
            switch session.prompt {
            case .finished(let response):
                console.err(Self.farewell(response))
                return response
            case .field(let field, let index, let current):
                describe(field, index: index, of: schema.fields.count)
                let prompt = "  \(clean(field.label))" + (current.map { " [\(clean($0))]" } ?? "") + ": "
                let input = await read(prompt)
                if case .line(let text) = input { editor.addHistory(text) }
                session.handle(input)
            case .review:
                console.err("  Review:")
                for (field, value) in session.review {
                    let shown = value.map { clean(Self.display($0, field: field)) } ?? "(empty)"
                    console.err("    \(clean(field.label)): \(shown)")
                }
                session.handle(await read("  [s]end / [e]dit / [d]ecline / [c]ancel: "))
            }
            if let error = session.lastError { console.err("  ✗ \(clean(error))") }
        }
    }

    private func describe(_ field: FormField, index: Int, of total: Int) {
        var line = "  (\(index + 1)/\(total)) \(clean(field.label))"
        if field.title != nil, field.title != field.name { line += " [\(clean(field.name))]" }
        line += field.required ? " — required" : " — optional"
        line += ", \(clean(field.expectedForm))"
        console.err(line)
        if let description = field.description, !description.isEmpty { console.err("      \(clean(description))") }
        switch field.kind {
        case .singleSelect(let options), .multiSelect(let options, _, _):
            for (i, option) in options.enumerated() {
                let title = option.title == option.value ? clean(option.value) : "\(clean(option.title)) (\(clean(option.value)))"
                console.err("      \(i + 1)) \(title)")
            }
        default:
            break
        }
    }

    private func askURL(_ url: String) async -> ElicitationResponse {
        let host = URL(string: url)?.host ?? "(no host)"
        console.err("  URL:  \(clean(url))")
        console.err("  HOST: \(clean(host))   ← check that you trust this site")
        while true {
            switch await read("  Open it? [y/N]: ") {
            case .endOfInput:
                console.err(Self.farewell(.decline))
                return .decline
            case .interrupt:
                console.err(Self.farewell(.cancel))
                return .cancel
            case .line(let text):
                switch text.trimmingCharacters(in: .whitespaces).lowercased() {
                case "y", "yes":
                    console.err("  Open this URL to continue: \(clean(url))")
                    if openURLs { Self.openInBrowser(url, console: console) }
                    return .accept(nil)
                case "", "n", "no":
                    console.err(Self.farewell(.decline))
                    return .decline
                default:
                    console.err("  ✗ answer y or n")
                }
            }
        }
    }

    private func read(_ prompt: String) async -> FormSession.Input {
        switch await editor.readLine(prompt: prompt) {
        case .line(let text): return .line(text)
        case .endOfInput: return .endOfInput
        case .interrupted: return .interrupt
        }
    }

    static func farewell(_ response: ElicitationResponse) -> String {
        switch response {
        case .accept: return "  → sent"
        case .decline: return "  → declined"
        case .cancel: return "  → cancelled"
        }
    }

    static func display(_ value: JSONValue, field: FormField) -> String {
        switch (value, field.kind) {
        case (.bool(let b), _): return b ? "yes" : "no"
        case (.string(let s), .singleSelect(let options)):
            return options.first { $0.value == s }.map { $0.title == $0.value ? s : "\($0.title) (\(s))" } ?? s
        case (.array(let items), _): return items.compactMap(\.stringValue).joined(separator: ", ")
        case (.string(let s), _): return s
        default: return value.serialized()
        }
    }

    /// Opens `url` with `$BROWSER` (only with --open-urls), never through a shell.
    static func openInBrowser(_ url: String, console: Console) {
        guard let browser = ProcessInfo.processInfo.environment["BROWSER"], !browser.isEmpty else {
            console.err("  (--open-urls: $BROWSER is not set; open the URL yourself)")
            return
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [browser, url]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { console.err("  (could not start $BROWSER: \(error.localizedDescription))") }
    }
}

/// A FIFO async mutex: one elicitation at a time, in arrival order.
actor AsyncGate {
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func acquire() async {
        if !busy {
            busy = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    func release() {
        if waiters.isEmpty {
            busy = false
        } else {
            waiters.removeFirst().resume()
        }
    }
}
