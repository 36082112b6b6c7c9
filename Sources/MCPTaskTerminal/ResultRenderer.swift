import MCPTaskCore

/// Renders a `CallToolResult` for people: text blocks verbatim (sanitised), `structuredContent` as pretty JSON
/// when there is no text, other blocks as one-line summaries.
public enum ResultRenderer {
    /// The text to print on stdout for `result`; ends with a newline unless empty.
    public static func render(_ result: JSONValue) -> String {
        var parts: [String] = []
        let blocks = result["content"]?.arrayValue ?? []
        var sawText = false
        for block in blocks {
            let type = block["type"]?.stringValue ?? "unknown"
            switch type {
            case "text":
                sawText = true
                parts.append(TerminalSanitizer.sanitize(block["text"]?.stringValue ?? ""))
            case "image", "audio":
                let mime = TerminalSanitizer.sanitize(block["mimeType"]?.stringValue ?? "?", singleLine: true)
                parts.append("[\(type) \(mime) \(ByteCountFormat.string(decodedSize(block["data"]?.stringValue ?? "")))]")
            case "resource":
                let resource = block["resource"]
                let uri = TerminalSanitizer.sanitize(resource?["uri"]?.stringValue ?? "?", singleLine: true)
                var line = "[resource \(uri)"
                if let mime = resource?["mimeType"]?.stringValue { line += " \(TerminalSanitizer.sanitize(mime, singleLine: true))" }
                if let text = resource?["text"]?.stringValue {
                    line += " \(ByteCountFormat.string(text.utf8.count))"
                } else if let blob = resource?["blob"]?.stringValue {
                    line += " \(ByteCountFormat.string(decodedSize(blob)))"
                }
                parts.append(line + "]")
            case "resource_link":
                let uri = TerminalSanitizer.sanitize(block["uri"]?.stringValue ?? "?", singleLine: true)
                let name = block["name"]?.stringValue.map { " (\(TerminalSanitizer.sanitize($0, singleLine: true)))" } ?? ""
                parts.append("[resource link \(uri)\(name)]")
            default:
                parts.append("[\(TerminalSanitizer.sanitize(type, singleLine: true)) content]")
            }
        }
        if !sawText, let structured = result["structuredContent"] {
            parts.insert(TerminalSanitizer.sanitize(structured.prettyPrinted()), at: 0)
        }
        let text = parts.joined(separator: "\n")
        if text.isEmpty { return "" }
        return text.hasSuffix("\n") ? text : text + "\n"
    }

    /// The size in bytes of base64 data without decoding it.
    static func decodedSize(_ base64: String) -> Int {
        let count = base64.utf8.count
        let padding = base64.utf8.reversed().prefix(2).filter { $0 == UInt8(ascii: "=") }.count
        return max(0, count / 4 * 3 - padding)
    }
}
