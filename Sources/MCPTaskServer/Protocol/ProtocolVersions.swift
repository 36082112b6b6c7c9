/// The MCP protocol versions this server speaks (spec `basic/lifecycle`, "Version Negotiation").
public enum ProtocolVersions {
    /// The newest version, the only one with tasks.
    public static let latest = "2025-11-25"
    /// Every version the server accepts, newest first.
    public static let supported = ["2025-11-25", "2025-06-18", "2025-03-26"]

    /// The version to answer `initialize` with: the client's when supported, else our latest (the client
    /// then decides whether it can continue).
    public static func negotiate(_ requested: String?) -> String {
        if let requested, supported.contains(requested) { return requested }
        return latest
    }

    /// Whether a version has tasks (SEP-1686 arrived in 2025-11-25).
    public static func hasTasks(_ version: String) -> Bool { version == latest }
}
