/// The key under which the registry and the session store remember a server.
///
/// Two commands talk to "the same server" when they reach the same endpoint with the same credentials: a
/// different token may be a different user with different tasks. The key therefore holds the normalised target
/// and a fingerprint of the credentials, never the credentials themselves, so it can be shown and stored.
public enum ServerIdentity {
    /// The number of hex digits of the credential fingerprint in a key (64 bits).
    public static let fingerprintLength = 16

    /// Headers the transport sets itself on every request; they say nothing about who is calling.
    public static let transportHeaders: Set<String> = [
        "accept", "content-type", "content-length", "mcp-session-id", "mcp-protocol-version", "last-event-id",
        "user-agent", "host", "connection",
    ]

    /// The key of an HTTP server: `normalisedURL#fingerprint`.
    ///
    /// The URL is normalised: scheme and host lowercased, the default port (80 for http, 443 for https)
    /// dropped, an empty path written `/`, the fragment removed. User information in the URL
    /// (`https://user:secret@host/`) is a credential: it is removed from the visible part and goes into the
    /// fingerprint. The fingerprint is the first ``fingerprintLength`` hex digits of the SHA-256 of the
    /// configured headers (names lowercased, values trimmed, sorted; ``transportHeaders`` left out), which
    /// covers `Authorization`, `Cookie`, `X-API-Key` and any other header the user configured: any header
    /// may carry a secret, and any may select a tenant.
    ///
    /// - Parameter headers: the headers configured for the server, as (name, value) pairs.
    public static func key(url: String, headers: [(name: String, value: String)] = []) -> String {
        let (visible, userInfo) = normalise(url: url)
        var material: [(String, String)] = headers
            .map { (lowercaseASCII($0.name.trimmingSpaces), $0.value.trimmingSpaces) }
            .filter { !transportHeaders.contains($0.0) }
        if let userInfo { material.append(("\u{0}url-userinfo", userInfo)) }
        return visible + "#" + fingerprint("http", material)
    }

    /// The key of a stdio server: `stdio:executable#fingerprint`, where the fingerprint covers the whole
    /// command line, the working directory and the environment the server is started with. Arguments and
    /// environment values may be secrets (`--token ...`), so only the executable is visible.
    ///
    /// Tasks of a stdio server end with its process; the registry still records them so `list --local` can show
    /// what ran.
    public static func key(command: [String], cwd: String?, environment: [String: String] = [:]) -> String {
        var material: [(String, String)] = command.enumerated().map { ("argv", String($0.offset) + "=" + $0.element) }
        material.append(("cwd", cwd ?? ""))
        material += environment.map { ("env", $0.key + "=" + $0.value) }
        let executable = command.first ?? ""
        return "stdio:" + executable + "#" + fingerprint("stdio", material)
    }

    /// The visible part of a key (before the fingerprint), e.g. for display.
    public static func displayTarget(ofKey key: String) -> String {
        guard let hash = key.lastIndex(of: "#") else { return key }
        return String(key[..<hash])
    }

    // MARK: - Internals

    /// A domain-separated, length-prefixed digest of sorted (name, value) pairs: no two different sets of pairs
    /// encode alike, and keys of other kinds never collide with these.
    static func fingerprint(_ kind: String, _ pairs: [(String, String)]) -> String {
        let sorted = pairs.sorted { $0.0 == $1.0 ? $0.1 < $1.1 : $0.0 < $1.0 }
        var hasher = SHA256()
        hasher.update("mcptask-server-identity-v1\u{0}" + kind + "\u{0}")
        for (name, value) in sorted {
            hasher.update(String(name.utf8.count) + ":" + name + String(value.utf8.count) + ":" + value)
        }
        return String(SHA256.hexString(hasher.finalize()).prefix(fingerprintLength))
    }

    /// Splits a URL into its normalised visible form and its user information (if any).
    /// Text that is not `scheme://authority...` is kept as it is, minus any fragment.
    static func normalise(url raw: String) -> (visible: String, userInfo: String?) {
        var text = raw.trimmingSpaces
        if let hash = text.firstIndex(of: "#") { text = String(text[..<hash]) }
        guard let schemeEnd = text.range(of: "://") else { return (text, nil) }
        let scheme = lowercaseASCII(String(text[..<schemeEnd.lowerBound]))
        let rest = text[schemeEnd.upperBound...]
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
        var authority = String(rest[..<authorityEnd])
        var pathAndQuery = String(rest[authorityEnd...])
        var userInfo: String?
        if let at = authority.lastIndex(of: "@") {
            userInfo = String(authority[..<at])
            authority = String(authority[authority.index(after: at)...])
        }
        var host = authority
        var port: String?
        if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
            // IPv6 literal: the port, if any, follows the bracket.
            host = String(authority[...close])
            let after = authority[authority.index(after: close)...]
            if after.hasPrefix(":") { port = String(after.dropFirst()) }
        } else if let colon = authority.lastIndex(of: ":") {
            host = String(authority[..<colon])
            port = String(authority[authority.index(after: colon)...])
        }
        host = lowercaseASCII(host)
        if let p = port {
            let trimmed = p.drop(while: { $0 == "0" })
            if p.isEmpty || (scheme == "http" && trimmed == "80") || (scheme == "https" && trimmed == "443") {
                port = nil
            }
        }
        if pathAndQuery.isEmpty || pathAndQuery.hasPrefix("?") { pathAndQuery = "/" + pathAndQuery }
        let visible = scheme + "://" + host + (port.map { ":" + $0 } ?? "") + pathAndQuery
        return (visible, userInfo)
    }

    private static func lowercaseASCII(_ s: String) -> String {
        String(decoding: s.utf8.map { (0x41...0x5A).contains($0) ? $0 + 0x20 : $0 }, as: UTF8.self)
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs (HTTP optional whitespace).
    fileprivate var trimmingSpaces: String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
        return String(scalars)
    }
}
