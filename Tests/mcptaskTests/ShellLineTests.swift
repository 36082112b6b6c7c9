import Foundation
import MCPTaskCore
import Testing
@testable import mcptask

@Suite("mcptask shell: splitting lines and completing words")
struct ShellLineTests {
    @Test("lines split like a POSIX shell, without expansions", arguments: [
        ("call echo text=hi", ["call", "echo", "text=hi"]),
        ("  get   a  b ", ["get", "a", "b"]),
        ("call echo 'text=hello world'", ["call", "echo", "text=hello world"]),
        ("call echo text=\"a \\\"b\\\" $c\"", ["call", "echo", "text=a \"b\" $c"]),
        ("call echo text=a\\ b", ["call", "echo", "text=a b"]),
        ("call echo text=''", ["call", "echo", "text="]),
        ("call typed 'tags:=[\"a\",\"b\"]'", ["call", "typed", "tags:=[\"a\",\"b\"]"]),
        ("", []),
    ] as [(String, [String])])
    func split(line: String, words: [String]) throws {
        #expect(try ShellWords.split(line) == words)
    }

    @Test("an unclosed quote is an error naming it")
    func unterminated() {
        #expect(throws: ShellWords.Unterminated.self) { try ShellWords.split("call 'open") }
        do {
            _ = try ShellWords.split("call \"open")
        } catch {
            #expect(error.description == "unterminated double quote")
        }
    }

    @Test("flags and their values are not positional")
    func positionals() {
        #expect(ShellCompleter.positionals(["--ttl", "5", "countdown", "--wait", "seconds=3"]) == ["countdown", "seconds=3"])
        #expect(ShellCompleter.positionals(["--status", "working"]) == [])
    }

    @Test("completion by position: commands, flags, tools, argument names, task ids, statuses")
    func completion() throws {
        let catalog = ShellCatalog()
        let tasks = ShellTasks(console: .shared)
        let completer = ShellCompleter(catalog: catalog, tasks: tasks)
        #expect(completer.complete("ca", 2) == ["call", "cancel"])
        #expect(completer.complete("", 0) == ShellCompleter.commands)
        #expect(completer.complete("call --w", 8) == ["--wait"])
        #expect(completer.complete("list --status w", 15) == ["working"])
        #expect(completer.complete("help re", 7) == ["result"])
        #expect(completer.complete("bogus x", 7) == [])
        // Only the word before the cursor counts.
        #expect(completer.complete("ca get", 2) == ["call", "cancel"])
    }
}
