import Foundation
import MCPTaskCore
import Synchronization

/// What the shell knows for completion: the server's tools (listed once at the start, again after `tools`)
/// and the ids of this server's tasks in the local registry.
final class ShellCatalog: Sendable {
    private struct State {
        var tools: [ToolDescriptor] = []
        var registryIds: [String] = []
    }
    private let state = Mutex(State())

    var tools: [ToolDescriptor] { state.withLock { $0.tools } }
    var registryIds: [String] { state.withLock { $0.registryIds } }

    func tool(named name: String) -> ToolDescriptor? { state.withLock { s in s.tools.first { $0.name == name } } }

    /// Lists the tools again (every page, as `MCPClient.listTools` does).
    func refreshTools(_ connection: CommandContext.Connection) async throws {
        let tools = try await connection.client.listTools()
        state.withLock { $0.tools = tools }
    }

    /// Reads the registry's task ids for this server, newest first (best effort).
    func refreshRegistry(_ connection: CommandContext.Connection) async {
        guard let local = connection.state else { return }
        let key = connection.server.serverKey
        guard let entries = try? await local.run({ try $0.registry.entries(serverKey: key) }) else { return }
        let ids = entries.sorted { $0.lastSeen > $1.lastSeen }.map(\.taskId)
        state.withLock { $0.registryIds = ids }
    }
}
