import Foundation
import MCPTaskCore
import MCPTaskTerminal

/// `call` inside `mcptask shell`: parsed by `mcptask call`'s own parser, then started on the shell's connection.
/// A task returns the prompt at once and is followed in the background; `--wait` follows it in the foreground
/// (Ctrl-C or `--timeout` send it back to the background). Plain calls always wait: they are not tasks.
struct ShellCall {
    let session: ShellSession

    /// What starting the call led to.
    private enum Start: Sendable {
        /// Done already (a plain call, an answer without a task, `--detach`, or a task left in the background).
        case done
        /// A task to wait for in the foreground (`--wait`).
        case wait(MCPTask)
    }

    /// Runs `call` with `words` (everything after `call`).
    func run(_ words: [String]) async {
        let wait = words.contains("--wait")
        guard let call = session.parse(CallCommand.self, words.filter { $0 != "--wait" }),
              session.allows(call.server), session.allows(call.answering) else { return }
        let console = session.console
        let connection = session.connection
        let output = TaskOutput(console: console, json: call.common.json)
        let next = await session.foreground(timeout: call.common.timeout) { () -> Start in
            let base = try Self.baseArguments(call.args)
            let descriptor = try await self.tool(named: call.tool)
            let arguments = try ArgumentCoercion.arguments(from: call.assignments, base: base, schema: descriptor.inputSchema)
            let mode = try TaskModeDecision.decide(
                tool: descriptor, serverSupportsTaskCalls: connection.driver.capabilities.toolCalls,
                request: TaskModeRequest(noTask: call.noTask, ttl: call.ttl, detach: call.detach)).get()
            switch mode {
            case .plain:
                let start = try await connection.driver.callTool(name: call.tool, arguments: arguments, asTask: false, ttl: nil)
                guard case .result(let result) = start else {
                    throw MCPError.protocolViolation("the server made a task of a plain call")
                }
                _ = output.finish(TaskOutcome(task: nil, payload: .result(result)))
                return .done
            case .task(let ttl):
                let start = try await connection.driver.callTool(name: call.tool, arguments: arguments, asTask: true, ttl: ttl)
                switch start {
                case .result(let result):
                    _ = output.finish(TaskOutcome(task: nil, payload: .result(result)))
                    return .done
                case .task(let task):
                    await connection.record(task, tool: call.tool, arguments: arguments)
                    return self.started(task, call: call, wait: wait)
                }
            }
        }
        if case .wait(let task)? = next {
            await session.waitInForeground(task.taskId, json: call.common.json, timeout: call.common.timeout,
                                           cancelOnInterrupt: call.cancelOnInterrupt)
        }
    }

    /// A task exists: print its id (`--detach`), or follow it in the background, or in the foreground (`--wait`).
    private func started(_ task: MCPTask, call: CallCommand, wait: Bool) -> Start {
        let console = session.console
        let id = task.taskId
        let clean = ShellTasks.clean(id)
        if call.detach {
            console.out(call.common.json ? JSONValue.object(["task": task.json]).serialized() + "\n" : id + "\n")
            return .done
        }
        var details: [String] = []
        if let ttl = task.ttl { details.append("ttl \(DurationFormat.milliseconds(ttl))") }
        if let poll = task.pollInterval { details.append("poll \(DurationFormat.milliseconds(poll))") }
        let suffix = details.isEmpty ? "" : " (" + details.joined(separator: ", ") + ")"
        let tool = ShellTasks.clean(call.tool)
        guard wait else {
            console.err("[task \(clean)] started \(tool)\(suffix)")
            session.tasks.start(task, tool: call.tool, connection: session.connection)
            return .done
        }
        console.err("mcptask: task \(clean) started \(tool)\(suffix); Ctrl-C sends it to the background")
        session.tasks.start(task, tool: call.tool, connection: session.connection, reporter: StatusReporter(console: console))
        return .wait(task)
    }

    private func tool(named name: String) async throws -> ToolDescriptor {
        if let tool = session.catalog.tool(named: name) { return tool }
        try await session.catalog.refreshTools(session.connection)
        if let tool = session.catalog.tool(named: name) { return tool }
        let names = session.catalog.tools.map(\.name).prefix(12).joined(separator: ", ")
        throw UsageError("the server has no tool named '\(name)'" + (names.isEmpty ? "" : " (it has: \(names))"))
    }

    /// `--args`: inline JSON or @FILE (stdin is the shell's own).
    static func baseArguments(_ args: String?) throws -> JSONObject {
        guard let args else { return [:] }
        let text: String
        if args == "-" {
            throw UsageError("--args - reads stdin, which is the shell's; give the JSON inline or as @FILE")
        } else if args.hasPrefix("@") {
            let path = String(args.dropFirst())
            guard let data = FileManager.default.contents(atPath: path) else { throw UsageError("cannot read --args file '\(path)'") }
            text = String(decoding: data, as: UTF8.self)
        } else {
            text = args
        }
        let value: JSONValue
        do {
            value = try JSONParser.parse(text)
        } catch {
            throw UsageError("--args is not valid JSON: \(error)")
        }
        guard let object = value.objectValue else { throw UsageError("--args must be a JSON object, got \(value.typeName)") }
        return object
    }
}
