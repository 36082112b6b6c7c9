import ArgumentParser
import Foundation
import MCPTaskCore
import MCPTaskTerminal

struct ServersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "servers",
        abstract: "List the servers named in configuration files.",
        usage: "mcptask servers [--config <file>] [--json]",
        discussion: """
        Reads --config FILE, ./.mcp.json, ./.vscode/mcp.json and ~/.config/mcptask/config.json (first match \
        wins for a name) and prints each server's name, transport, target and the file it came from. Header \
        and environment values are never shown.

        EXAMPLES
          mcptask servers
          mcptask servers --json | jq -r .name
          mcptask call build_report -s prod
        """)

    @Option(name: .long, help: ArgumentHelp("A configuration file to read first.", valueName: "file"))
    var config: String?

    @Flag(name: .long, help: "One JSON object per server (secrets redacted).")
    var json = false

    func run() async throws {
        let console = Console.shared
        let catalog: ConfigCatalog
        do {
            catalog = try ConfigLoader.load(explicitPath: config, workingDirectory: FileManager.default.currentDirectoryPath,
                                            environment: ProcessInfo.processInfo.environment)
        } catch {
            console.err("mcptask: " + TerminalSanitizer.sanitize(error.description, singleLine: true))
            throw ExitStatus.usage.exitCode
        }
        if json {
            var out = ""
            for entry in catalog.servers {
                var o = entry.redactedJSON.objectValue ?? [:]
                o["name"] = .string(entry.name)
                o["source"] = .string(entry.config.source.displayPath)
                out += JSONValue.object(o).serialized() + "\n"
            }
            console.out(out)
            return
        }
        if catalog.servers.isEmpty {
            console.err("mcptask: no servers configured (looked in \(catalog.searched.map(\.displayPath).joined(separator: ", ")))")
            return
        }
        let rows = catalog.servers.map { entry -> [String] in
            let c = entry.config
            return [entry.name, c.transport.kind, TerminalSanitizer.sanitize(c.redactedTarget, singleLine: true),
                    c.source.displayPath + (entry.shadowed.isEmpty ? "" : " (shadows \(entry.shadowed.map(\.source.displayPath).joined(separator: ", ")))")]
        }
        console.out(TaskTable.format(rows, header: ["NAME", "TRANSPORT", "TARGET", "SOURCE"], maxWidth: console.stdoutColumns))
    }
}
