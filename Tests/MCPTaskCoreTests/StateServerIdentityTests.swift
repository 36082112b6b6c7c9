import Testing
@testable import MCPTaskCore

@Suite("ServerIdentity")
struct StateServerIdentityTests {
    @Test("URL normalisation", arguments: [
        ("https://Example.COM/mcp", "https://example.com/mcp"),
        ("HTTPS://example.com:443/mcp", "https://example.com/mcp"),
        ("http://example.com:80/mcp", "http://example.com/mcp"),
        ("http://example.com:8080/mcp", "http://example.com:8080/mcp"),
        ("https://example.com:80/mcp", "https://example.com:80/mcp"),
        ("https://example.com", "https://example.com/"),
        ("https://example.com?x=1", "https://example.com/?x=1"),
        ("https://example.com/mcp#section", "https://example.com/mcp"),
        ("https://example.com/MCP/Path?Q=A", "https://example.com/MCP/Path?Q=A"),
        ("  https://example.com/mcp  ", "https://example.com/mcp"),
        ("http://[::1]:80/mcp", "http://[::1]/mcp"),
        ("http://[::1]:3000/mcp", "http://[::1]:3000/mcp"),
        ("http://LOCALHOST:3000", "http://localhost:3000/"),
        ("https://user:s3cret@example.com/mcp", "https://example.com/mcp"),
    ])
    func normalisesURLs(url: String, expected: String) {
        let key = ServerIdentity.key(url: url)
        #expect(ServerIdentity.displayTarget(ofKey: key) == expected)
        #expect(key.hasPrefix(expected + "#"))
    }

    @Test func fingerprintIsSixteenHexDigits() {
        let key = ServerIdentity.key(url: "https://example.com/mcp", headers: [("Authorization", "Bearer x")])
        let fingerprint = key.split(separator: "#").last.map(String.init) ?? ""
        #expect(fingerprint.count == 16)
        #expect(fingerprint.allSatisfy { "0123456789abcdef".contains($0) })
    }

    @Test func equivalentSpellingsShareAKey() {
        let a = ServerIdentity.key(url: "https://Example.com:443/mcp",
                                   headers: [("Authorization", "Bearer tok"), ("X-API-Key", "k1")])
        let b = ServerIdentity.key(url: "https://example.com/mcp#x",
                                   headers: [("x-api-key", "k1 "), ("authorization", "Bearer tok")])
        #expect(a == b)
    }

    @Test func differentCredentialsGiveDifferentKeys() {
        let url = "https://example.com/mcp"
        let keys = [
            ServerIdentity.key(url: url),
            ServerIdentity.key(url: url, headers: [("Authorization", "Bearer alice")]),
            ServerIdentity.key(url: url, headers: [("Authorization", "Bearer bob")]),
            ServerIdentity.key(url: url, headers: [("Cookie", "session=alice")]),
            ServerIdentity.key(url: url, headers: [("X-Tenant", "alice")]),
            ServerIdentity.key(url: "https://alice:pw@example.com/mcp"),
            ServerIdentity.key(url: "https://bob:pw@example.com/mcp"),
        ]
        #expect(Set(keys).count == keys.count)
    }

    @Test func transportHeadersDoNotChangeTheIdentity() {
        let url = "https://example.com/mcp"
        let plain = ServerIdentity.key(url: url, headers: [("Authorization", "Bearer t")])
        let withTransport = ServerIdentity.key(url: url, headers: [
            ("Authorization", "Bearer t"), ("Mcp-Session-Id", "abc"), ("MCP-Protocol-Version", "2025-11-25"),
            ("Accept", "text/event-stream"),
        ])
        #expect(plain == withTransport)
    }

    @Test func headerNamesCannotBleedIntoValues() {
        // Length-prefixed encoding: moving characters between name and value changes the fingerprint.
        let a = ServerIdentity.key(url: "https://h/", headers: [("ab", "c")])
        let b = ServerIdentity.key(url: "https://h/", headers: [("a", "bc")])
        #expect(a != b)
    }

    @Test func credentialsNeverAppearInKeys() {
        let secrets = ["Bearer sk-live-0123456789abcdef", "session=cafebabe1234", "api-key-zyx987", "s3cretPW",
                       "tok-in-argv", "envsecret42"]
        let keys = [
            ServerIdentity.key(url: "https://user:s3cretPW@Example.com/mcp", headers: [
                ("Authorization", secrets[0]), ("Cookie", secrets[1]), ("X-API-Key", secrets[2]),
            ]),
            ServerIdentity.key(command: ["/usr/bin/server", "--token", "tok-in-argv"], cwd: "/srv",
                               environment: ["API_TOKEN": "envsecret42"]),
        ]
        for key in keys {
            for secret in secrets {
                #expect(!key.contains(secret), "\(key) contains \(secret)")
            }
            #expect(!key.contains("sk-live"))
            #expect(!key.contains("user"))
        }
    }

    @Test func stdioKeys() {
        let a = ServerIdentity.key(command: ["python3", "server.py"], cwd: "/srv/a")
        #expect(a.hasPrefix("stdio:python3#"))
        #expect(ServerIdentity.displayTarget(ofKey: a) == "stdio:python3")
        #expect(a == ServerIdentity.key(command: ["python3", "server.py"], cwd: "/srv/a"))
        #expect(a != ServerIdentity.key(command: ["python3", "server.py"], cwd: "/srv/b"))
        #expect(a != ServerIdentity.key(command: ["python3", "server.py", "--x"], cwd: "/srv/a"))
        #expect(a != ServerIdentity.key(command: ["python3", "server.py"], cwd: "/srv/a", environment: ["A": "1"]))
        // Argument boundaries matter.
        #expect(ServerIdentity.key(command: ["a b", "c"], cwd: nil) != ServerIdentity.key(command: ["a", "b c"], cwd: nil))
        #expect(!ServerIdentity.key(command: ["x"], cwd: nil).hasPrefix("https"))
    }
}
