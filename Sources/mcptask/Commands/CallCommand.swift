import ArgumentParser
import Foundation
import Synchronization
import MCPTaskCore
import MCPTaskTerminal

struct CallCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "call",
        abstract: "Call a tool, as a task when it supports one, and print its result.",
        usage: "mcptask call <tool> [<key=value> | <key:=json> ...] [--args <json|@file|->] [--ttl <ms>] [--no-task] [--detach] [--cancel-on-interrupt] [--json] [--timeout <seconds>] " + ServerCommandLine.usageSuffix,
        discussion: """
        Arguments are KEY=VALUE (coerced with the tool's inputSchema: integers, numbers, booleans, arrays and \
        objects are parsed, strings kept as typed) or KEY:=JSON (raw JSON). --args gives a base object that \
        the pairs override.

        Task mode follows the tool's execution.taskSupport: "required" always runs as a task, "optional" runs \
        as a task unless --no-task, "forbidden" (or absent) is a plain call.

        While a task runs, its id and how to resume are printed on stderr at once, then its status (one \
        updating line on a terminal, one line per change otherwise). The result goes to stdout: text content \
        verbatim, structuredContent as pretty JSON when there is no text, other blocks summarised. --json \
        prints {"task": <last Task or null>, "result": <CallToolResult>} instead.

        Ctrl-C stops waiting (exit 130) and prints how to resume; --cancel-on-interrupt cancels the task first.

        EXAMPLES
          mcptask call build_report quarter=Q3 --ttl 60000 --url $URL
          mcptask call resize 'size:=[640,480]' --args @base.json -- ./server
          id=$(mcptask call build_report --detach --url $URL)
        """)

    @OptionGroup var common: CommonOptions

    @Argument(help: ArgumentHelp("Name of the tool to call.", valueName: "tool"))
    var tool: String

    @Argument(help: ArgumentHelp("Tool arguments: KEY=VALUE (coerced by the schema) or KEY:=JSON.", valueName: "key=value"))
    var assignments: [String] = []

    @Option(name: .long, help: ArgumentHelp("Base arguments as a JSON object, @FILE, or - for stdin.", valueName: "json|@file|-"))
    var args: String?

    @Option(name: .long, help: ArgumentHelp("Ask the server to keep the task this many milliseconds.", valueName: "ms"))
    var ttl: Int?

    @Flag(name: .customLong("no-task"), help: "Call a task-optional tool plainly, without a task.")
    var noTask = false

    @Flag(name: .long, help: "Start the task, print its id, and exit without waiting.")
    var detach = false

    @Flag(name: .customLong("cancel-on-interrupt"), help: "On Ctrl-C, cancel the task on the server before exiting.")
    var cancelOnInterrupt = false

    @OptionGroup(title: "Answering the server's questions") var answering: AnswerOptions

    @OptionGroup var server: ServerOptions

    func validate() throws {
        if let ttl, ttl < 0 { throw ValidationError("--ttl must be a non-negative number of milliseconds") }
        if noTask, detach { throw ValidationError("--detach needs a task; it cannot be combined with --no-task") }
        for word in assignments where !word.contains("=") {
            throw ValidationError("argument '\(word)' is not KEY=VALUE or KEY:=JSON")
        }
    }

    func run() async throws {
        let context = try CommandContext.answering(server: server, common: common, answering: answering)
        let options = self
        try await runReportingErrors {
            let base = try await options.loadBaseArguments()
            let started = TaskHolder()
            return try await context.withConnection({ connection in
                try await options.perform(connection, base: base, context: context, started: started)
            }, onStop: { connection, reason in
                await options.stopped(connection, reason: reason, task: started.value, context: context)
            })
        }
    }

    private func loadBaseArguments() async throws -> JSONObject {
        guard let args else { return [:] }
        let text: String
        if args == "-" {
            var data = Data()
            while let line = readLine(strippingNewline: false) { data.append(Data(line.utf8)) }
            text = String(decoding: data, as: UTF8.self)
        } else if args.hasPrefix("@") {
            let path = String(args.dropFirst())
            guard let data = FileManager.default.contents(atPath: path) else {
                throw UsageError("cannot read --args file '\(path)'")
            }
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
        guard let object = value.objectValue else {
            throw UsageError("--args must be a JSON object, got \(value.typeName)")
        }
        return object
    }

    private func perform(_ connection: CommandContext.Connection, base: JSONObject, context: CommandContext,
                         started: TaskHolder) async throws -> ExitStatus {
        let tools = try await connection.client.listTools()
        guard let descriptor = tools.first(where: { $0.name == tool }) else {
            let names = tools.map(\.name).prefix(12).joined(separator: ", ")
            throw UsageError("the server has no tool named '\(tool)'" + (names.isEmpty ? "" : " (it has: \(names))"))
        }
        let arguments = try ArgumentCoercion.arguments(from: assignments, base: base, schema: descriptor.inputSchema)
        var mode: TaskMode
        if connection.driver.generation == .v2026_07_28 {
            // The tasks extension is server-directed: we declare it and the server decides whether to make a
            // task. There is no ttl on the wire.
            if common.verbose, ttl != nil {
                context.console.err("mcptask: --ttl has no meaning over MCP 2026-07-28 (the server sets the ttl); ignored")
            }
            mode = noTask ? .plain : .task(ttl: nil)
        } else {
            mode = try TaskModeDecision.decide(
                tool: descriptor, serverSupportsTaskCalls: connection.driver.capabilities.toolCalls,
                request: TaskModeRequest(noTask: noTask, ttl: ttl, detach: detach)).get()
            // A configured default ttl applies where a task is made and no --ttl was given.
            if case .task(nil) = mode, let fallback = connection.server.defaults.ttl { mode = .task(ttl: fallback) }
        }
        let output = TaskOutput(console: context.console, json: common.json)
        switch mode {
        case .plain:
            let start = try await connection.driver.callTool(name: tool, arguments: arguments, asTask: false, ttl: nil)
            switch start {
            case .result(let result):
                return output.finish(TaskOutcome(task: nil, payload: .result(result)))
            case .task(let task):
                // Only a 2026-07-28 server may decide to make a task of a call we did not ask to be one.
                started.set(task)
                await connection.record(task, tool: tool, arguments: arguments)
                return try await TaskFollower(context: context, connection: connection).follow(task)
            }
        case .task(let ttl):
            let start = try await connection.driver.callTool(name: tool, arguments: arguments, asTask: true, ttl: ttl)
            let task: MCPTask
            switch start {
            case .task(let t): task = t
            case .result(let result):
                // The server chose to answer at once (possible in the 2026-07-28 extension).
                return output.finish(TaskOutcome(task: nil, payload: .result(result)))
            }
            started.set(task)
            await connection.record(task, tool: tool, arguments: arguments)
            if detach {
                connection.keepSessionAlive()
                context.console.out(common.json ? JSONValue.object(["task": task.json]).serialized() + "\n" : task.taskId + "\n")
                return .success
            }
            announce(task, connection: connection, context: context)
            return try await TaskFollower(context: context, connection: connection).follow(task)
        }
    }

    private func announce(_ task: MCPTask, connection: CommandContext.Connection, context: CommandContext) {
        let id = TerminalSanitizer.sanitize(task.taskId, singleLine: true)
        var line = "mcptask: task \(id) started"
        var details: [String] = []
        if let ttl = task.ttl { details.append("ttl \(DurationFormat.milliseconds(ttl))") }
        if let poll = task.pollInterval { details.append("poll \(DurationFormat.milliseconds(poll))") }
        if !details.isEmpty { line += " (" + details.joined(separator: ", ") + ")" }
        if connection.server.isHTTP {
            line += "; resume with: mcptask result \(ShellQuote.quote(task.taskId)) \(connection.server.resumeArguments)"
        } else {
            line += "; it runs inside this stdio server process and ends with it"
        }
        context.console.err(line)
    }

    private func stopped(_ connection: CommandContext.Connection, reason: StopReason, task: MCPTask?,
                         context: CommandContext) async -> ExitStatus {
        context.console.clearStatus()
        guard let task else {
            context.reportStop(reason, task: nil)
            return reason.defaultStatus
        }
        let id = ShellQuote.quote(task.taskId)
        let what = reason.description
        let resume = "mcptask result \(id) \(connection.server.resumeArguments)"
        let http = connection.server.isHTTP
        if case .interrupted = reason, cancelOnInterrupt {
            do {
                _ = try await connection.driver.cancelTask(task.taskId)
                context.console.err("mcptask: \(what); cancelled task \(id)" + (http ? "; see its final state with: \(resume)" : ""))
            } catch {
                context.console.err("mcptask: \(what); cancelling task \(id) failed: \(ErrorPresenter.present(error).message)"
                                    + (http ? "; resume with: \(resume)" : ""))
            }
            return .interrupted
        }
        connection.keepSessionAlive()
        if http {
            context.console.err("mcptask: \(what); task \(id) may still be running; resume with: \(resume)")
        } else {
            context.console.err("mcptask: \(what); task \(id) ends with the stdio server process")
        }
        return reason.defaultStatus
    }
}

/// Holds the task once it exists, so the interrupt path can name and cancel it.
final class TaskHolder: Sendable {
    private let task = Mutex<MCPTask?>(nil)
    var value: MCPTask? { task.withLock { $0 } }
    func set(_ t: MCPTask) { task.withLock { $0 = t } }
}
