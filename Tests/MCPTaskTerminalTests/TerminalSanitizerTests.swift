import Testing
@testable import MCPTaskTerminal

@Suite("TerminalSanitizer")
struct TerminalSanitizerTests {
    @Test("escape sequences and control characters are removed", arguments: [
        ("\u{1B}[31mred\u{1B}[0m", "red"),
        ("\u{1B}[1;38;5;196mbold\u{1B}[m", "bold"),
        ("\u{1B}[2J\u{1B}[H\u{1B}[10;20Hx", "x"),
        ("a\u{1B}[2Ab\u{1B}[Kc", "abc"),
        ("\u{1B}[?25lhidden\u{1B}[?25h", "hidden"),
        ("\u{1B}]0;evil title\u{07}after", "after"),
        ("\u{1B}]2;title\u{1B}\\after", "after"),
        ("\u{1B}]8;;https://evil.example\u{1B}\\link\u{1B}]8;;\u{1B}\\", "link"),
        ("\u{1B}]52;c;ZXZpbA==\u{07}clip", "clip"),
        ("\u{1B}P1$r0m\u{1B}\\ok", "ok"),
        ("\u{1B}_apc\u{1B}\\\u{1B}^pm\u{1B}\\\u{1B}Xsos\u{1B}\\z", "z"),
        ("\u{9B}31mred\u{9B}0m", "red"),
        ("\u{9D}0;title\u{9C}x", "x"),
        ("\u{90}dcs\u{9C}y", "y"),
        ("abc\u{1B}", "abc"),
        ("\u{1B}cabc", "abc"),
        ("\u{1B}7a\u{1B}8b", "ab"),
        ("\u{1B}(Babc", "abc"),
        ("\u{1B}[31", ""),
        ("\u{1B}]0;never terminated", ""),
        ("a\u{07}b", "ab"),
        ("abc\u{08}\u{08}xy", "abcxy"),
        ("progress 10%\rprogress 100%", "progress 10%progress 100%"),
        ("line\r\nnext", "line\nnext"),
        ("a\u{7F}b", "ab"),
        ("a\u{00}b\u{0B}c\u{0C}d", "abcd"),
        ("a\u{85}b\u{84}c\u{9F}apc string\u{9C}", "abc"),
        ("\u{202E}evil\u{202C}", "evil"),
        ("x\u{202A}\u{202B}\u{202D}y", "xy"),
        ("\u{2066}a\u{2067}b\u{2068}c\u{2069}", "abc"),
    ] as [(String, String)])
    func removes(input: String, expected: String) {
        #expect(TerminalSanitizer.sanitize(input) == expected)
        #expect(!TerminalSanitizer.sanitize(input, singleLine: true).unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x9B })
    }

    @Test func newlinesAndTabsKept() {
        #expect(TerminalSanitizer.sanitize("a\nb\tc\n") == "a\nb\tc\n")
    }

    @Test func singleLineFoldsNewlinesAndTabs() {
        #expect(TerminalSanitizer.sanitize("a\nb\tc", singleLine: true) == "a b c")
        #expect(TerminalSanitizer.sanitize("a\r\nb", singleLine: true) == "a b")
    }

    @Test("plain unicode is untouched", arguments: [
        "héllo wörld", "😀 👨‍👩‍👧 🏳️‍🌈", "日本語のテキスト", "עברית العربية", "e\u{301}", "Ω≈ç√∫", "", "tab-free plain ascii ~!@#$%^&*()",
        "\u{200D}\u{FE0F}",
    ])
    func unicodeUntouched(text: String) {
        #expect(TerminalSanitizer.sanitize(text) == text)
        #expect(TerminalSanitizer.sanitize(text, singleLine: true) == text)
    }

    @Test("the output never contains a control character other than LF and TAB")
    func noControlsRemain() {
        var input = ""
        for v in 0..<0xA0 { input.unicodeScalars.append(Unicode.Scalar(v)!) ; input += "x" }
        let out = TerminalSanitizer.sanitize(input)
        for s in out.unicodeScalars {
            let v = s.value
            #expect(!(v < 0x20 && v != 0x0A && v != 0x09) && !(0x7F...0x9F).contains(v), "U+\(String(v, radix: 16)) survived")
        }
        let single = TerminalSanitizer.sanitize(input, singleLine: true)
        #expect(!single.unicodeScalars.contains { $0.value < 0x20 })
    }

    @Test("text around sequences is kept in order")
    func textAroundKept() {
        #expect(TerminalSanitizer.sanitize("before \u{1B}[1mbold\u{1B}[0m after\n\u{1B}]0;t\u{07}end") == "before bold after\nend")
    }
}
