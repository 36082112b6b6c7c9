import MCPTaskCore

/// Tab completion in `mcptask shell`: command names, then per command its flags, the tool to call (and the
/// tool's argument names as `key=`), task ids (this session's first, then the registry's), or list statuses.
struct ShellCompleter: Sendable {
    let catalog: ShellCatalog
    let tasks: ShellTasks

    /// The shell's commands, in the order `help` shows them.
    static let commands = ["tools", "call", "get", "result", "list", "cancel", "help", "exit"]

    /// The flags each command takes inside the shell.
    static let flags: [String: [String]] = [
        "tools": ["--json", "--timeout"],
        "call": ["--wait", "--args", "--ttl", "--no-task", "--detach", "--cancel-on-interrupt", "--json", "--timeout"],
        "get": ["--json", "--timeout"],
        "result": ["--json", "--timeout"],
        "list": ["--status", "--local", "--json", "--timeout"],
        "cancel": ["--json", "--timeout"],
    ]

    /// Flags whose value is the next word.
    static let takesValue: Set<String> = ["--args", "--ttl", "--timeout", "--status"]

    static let statuses = ["working", "input_required", "completed", "failed", "cancelled"]

    /// The candidates for the word that ends at `cursor` (a character offset in `line`).
    func complete(_ line: String, _ cursor: Int) -> [String] {
        let before = String(line.prefix(cursor))
        var words = before.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        let partial = before.last.map { $0 == " " || $0 == "\t" } ?? true ? "" : (words.popLast() ?? "")
        guard let command = words.first else { return Self.commands.filter { $0.hasPrefix(partial) } }
        let arguments = Array(words.dropFirst())
        if arguments.last == "--status" { return Self.statuses.filter { $0.hasPrefix(partial) } }
        if let last = arguments.last, Self.takesValue.contains(last) { return [] }
        if partial.hasPrefix("-") { return (Self.flags[command] ?? []).filter { $0.hasPrefix(partial) } }
        let positionals = Self.positionals(arguments)
        let candidates: [String]
        switch command {
        case "help":
            candidates = positionals.isEmpty ? Self.commands : []
        case "call":
            if let tool = positionals.first {
                candidates = argumentNames(of: tool, given: Array(positionals.dropFirst()))
            } else {
                candidates = catalog.tools.map(\.name)
            }
        case "get", "cancel":
            candidates = taskIds()
        case "result":
            candidates = positionals.isEmpty ? taskIds() : []
        default:
            candidates = []
        }
        return candidates.filter { $0.hasPrefix(partial) }
    }

    /// The words that are neither flags nor flag values.
    static func positionals(_ arguments: [String]) -> [String] {
        var result: [String] = []
        var skipNext = false
        for word in arguments {
            if skipNext {
                skipNext = false
            } else if word.hasPrefix("-") {
                skipNext = takesValue.contains(word)
            } else {
                result.append(word)
            }
        }
        return result
    }

    private func argumentNames(of tool: String, given: [String]) -> [String] {
        guard let properties = catalog.tool(named: tool)?.inputSchema?["properties"]?.objectValue else { return [] }
        let used = Set(given.compactMap { $0.split(separator: "=", maxSplits: 1).first.map { String($0.trimmingSuffix(":")) } })
        return properties.keys.filter { !used.contains($0) }.map { $0 + "=" }
    }

    private func taskIds() -> [String] {
        var seen = Set<String>()
        return (tasks.ids + catalog.registryIds).filter { seen.insert($0).inserted }
    }
}

private extension Substring {
    func trimmingSuffix(_ suffix: String) -> Substring { hasSuffix(suffix) ? dropLast(suffix.count) : self }
}
