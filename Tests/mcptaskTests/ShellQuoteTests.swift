import Foundation
import Testing
@testable import mcptask

@Suite("ShellQuote")
struct ShellQuoteTests {
    @Test("safe words are left alone", arguments: ["abc", "python3", "server.py", "/usr/bin/env", "--flag=1", "a,b", "user@host:8000", "100%", "é"])
    func safe(word: String) {
        #expect(ShellQuote.quote(word) == word)
    }

    @Test func quoted() {
        #expect(ShellQuote.quote("") == "''")
        #expect(ShellQuote.quote("a b") == "'a b'")
        #expect(ShellQuote.quote("it's") == #"'it'\''s'"#)
        #expect(ShellQuote.quote("$HOME") == "'$HOME'")
    }

    static let nasty = [
        "", "a b", "it's", "$HOME", "`id`", "$(id)", "a;b", "a|b", "a&b", "*", "?", "[a]", "~", "~user", "#x", "!x",
        "a\nb", "a\tb", "\"q\"", "back\\slash", "{a,b}", "a=b c", "-n", "'", "''", "x'y'z", "http://h:8000/mcp?x=1&y=2",
        "日本 語", "emoji 😀",
    ]

    @Test("a POSIX shell reads the quoted word back as the original", arguments: nasty)
    func shellRoundTrip(word: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "printf '%s' " + ShellQuote.quote(word)]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(String(decoding: data, as: UTF8.self) == word)
    }
}
