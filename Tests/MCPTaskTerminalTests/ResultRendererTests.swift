import Testing
@testable import MCPTaskCore
@testable import MCPTaskTerminal

@Suite("ResultRenderer")
struct ResultRendererTests {
    private func render(_ blocks: [JSONValue], structured: JSONValue? = nil) -> String {
        var o: JSONObject = ["content": .array(blocks)]
        if let structured { o["structuredContent"] = structured }
        return ResultRenderer.render(.object(o))
    }

    private func text(_ s: String) -> JSONValue { ["type": "text", "text": .string(s)] }

    @Test func textVerbatim() {
        #expect(render([text("hello")]) == "hello\n")
        #expect(render([text("hello\n")]) == "hello\n", "no newline is added when the text ends with one")
        #expect(render([text("  indented\n\ttabbed\n\n")]) == "  indented\n\ttabbed\n\n")
        #expect(render([text("日本語 😀")]) == "日本語 😀\n")
    }

    @Test func textIsSanitised() {
        #expect(render([text("\u{1B}[31mred\u{1B}[0m \u{1B}]0;pwned\u{07}ok")]) == "red ok\n")
    }

    @Test func multipleTextBlocksEachOnTheirOwnLines() {
        #expect(render([text("first"), text("second")]) == "first\nsecond\n")
    }

    @Test("structuredContent is printed as pretty JSON when there is no text")
    func structuredContent() {
        let out = render([], structured: ["temperature": 22.5, "conditions": "sunny", "tags": ["a"]])
        #expect(out == "{\n  \"temperature\": 22.5,\n  \"conditions\": \"sunny\",\n  \"tags\": [\n    \"a\"\n  ]\n}\n")
        #expect(ResultRenderer.render(["structuredContent": ["n": 1]]) == "{\n  \"n\": 1\n}\n")
    }

    @Test("with text, structuredContent is not printed again")
    func structuredWithText() {
        #expect(render([text("22.5 C, sunny")], structured: ["temperature": 22.5]) == "22.5 C, sunny\n")
    }

    @Test("structured strings are sanitised too")
    func structuredSanitised() {
        let out = render([], structured: ["s": "\u{1B}]0;x\u{07}"])
        #expect(!out.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 })
    }

    @Test("images and audio are summarised with their decoded size")
    func media() {
        // "hello" = aGVsbG8= (5 bytes).
        #expect(render([["type": "image", "mimeType": "image/png", "data": "aGVsbG8="]]) == "[image image/png 5 B]\n")
        let big = String(repeating: "AAAA", count: 1000)  // 3000 bytes
        #expect(render([["type": "audio", "mimeType": "audio/wav", "data": .string(big)]]) == "[audio audio/wav 3.0 KB]\n")
        #expect(render([["type": "image", "data": "YQ=="]]).contains("1 B"))
    }

    @Test func resources() {
        let withText: JSONValue = ["type": "resource", "resource": ["uri": "file:///r/a.txt", "mimeType": "text/plain", "text": "hello"]]
        #expect(render([withText]) == "[resource file:///r/a.txt text/plain 5 B]\n")
        let withBlob: JSONValue = ["type": "resource", "resource": ["uri": "file:///r/b.bin", "blob": "YWJj"]]
        #expect(render([withBlob]) == "[resource file:///r/b.bin 3 B]\n")
    }

    @Test func resourceLink() {
        #expect(render([["type": "resource_link", "uri": "file:///x/report.pdf", "name": "report"]]) == "[resource link file:///x/report.pdf (report)]\n")
        #expect(render([["type": "resource_link", "uri": "https://e.x/y"]]) == "[resource link https://e.x/y]\n")
    }

    @Test func unknownBlockTypes() {
        #expect(render([["type": "video", "data": "…"]]) == "[video content]\n")
        #expect(render([["data": "no type"]]) == "[unknown content]\n")
        #expect(!render([["type": "\u{1B}[31mx"]]).contains("\u{1B}"))
    }

    @Test func mixedBlocksKeepOrder() {
        let out = render([text("caption"), ["type": "image", "mimeType": "image/png", "data": "aGVsbG8="], text("after")])
        #expect(out == "caption\n[image image/png 5 B]\nafter\n")
    }

    @Test("nothing to show renders as nothing")
    func empty() {
        #expect(render([]) == "")
        #expect(ResultRenderer.render([:]) == "")
    }

    @Test("decoded size of base64", arguments: [("", 0), ("YQ==", 1), ("YWI=", 2), ("YWJj", 3), ("aGVsbG8=", 5), ("aGVsbG8h", 6)] as [(String, Int)])
    func decodedSize(b64: String, bytes: Int) {
        #expect(ResultRenderer.decodedSize(b64) == bytes)
    }
}
