import MCPTaskCore

/// Placeholder until the demo server lands.
public enum DemoServer {}
