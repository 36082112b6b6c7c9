import MCPTaskCore

/// `generate_report`: a large text result of an exact size.
enum GenerateReportTool {
    static let maxKilobytes = 8192

    static let tool = ServerTool(
        name: "generate_report",
        title: "Generate a long report",
        description: """
        Writes a report of the size you ask for, in readable 64-byte lines. Good for seeing how big results \
        travel (up to 8 MiB).
        """,
        inputSchema: DemoTools.objectSchema([
            "kilobytes": ["type": "integer", "description": "Size of the report in KiB.", "default": 64, "minimum": 0,
                          "maximum": .int(maxKilobytes)],
        ]),
        taskSupport: .optional,
        annotations: ["readOnlyHint": true],
        run: run)

    static func run(_ arguments: JSONObject, _ context: ToolContext) async throws -> JSONValue {
        let kilobytes = arguments["kilobytes"]?.intValue ?? 64
        await context.setStatus("Writing a \(kilobytes) KiB report…")
        return ServerTool.textResult(text(kilobytes: kilobytes))
    }

    private static let sentences = [
        "Revenue grew four percent while coffee use held steady.",
        "The build farm finished every job before lunch.",
        "Support answered all tickets within the hour.",
        "Nobody touched the legacy billing code this quarter.",
        "The test suite is green on every platform.",
        "Latency stayed under ten milliseconds at peak.",
        "Two new teammates joined and shipped on day one.",
        "The backlog shrank for the third month running.",
    ]

    /// Exactly `kilobytes * 1024` bytes: lines of 64 bytes (6-digit number, two spaces, 55 characters, newline).
    static func text(kilobytes: Int) -> String {
        let lines = kilobytes * 16
        var bytes: [UInt8] = []
        bytes.reserveCapacity(lines * 64)
        for i in 1...max(lines, 1) where lines > 0 {
            var number = Array(String(i).utf8)
            if number.count < 6 { number = Array(repeating: UInt8(ascii: "0"), count: 6 - number.count) + number }
            bytes.append(contentsOf: number.suffix(6))
            bytes.append(contentsOf: [0x20, 0x20])
            var sentence = Array(sentences[(i - 1) % sentences.count].utf8.prefix(55))
            sentence.append(contentsOf: repeatElement(0x20, count: 55 - sentence.count))
            bytes.append(contentsOf: sentence)
            bytes.append(0x0A)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
