import ArgumentParser
@main struct MCPTaskCommand: AsyncParsableCommand {
  func run() async throws {}
}
