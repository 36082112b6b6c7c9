/// One server entry of one file, decoded but with its `${…}` references not yet expanded.
struct ServerDefinition: Sendable {
    let name: String
    let source: ConfigSource
    /// How to reach the server; nil for a defaults-only entry (only `ttl`/`headers`) in mcptask's own file,
    /// which adds defaults to the server of the same name defined in another file.
    let transport: ServerTransport?
    /// `"ttl"` in milliseconds.
    let ttl: Int?
    /// The headers of a defaults-only entry (a full `http` definition keeps its headers in `transport`).
    let extraHeaders: [(name: String, value: String)]
}
