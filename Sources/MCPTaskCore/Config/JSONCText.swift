/// The "JSON with comments" that VS Code writes (`.vscode/mcp.json`): `//` and `/* */` comments and trailing
/// commas. ``strict(_:)`` turns it into plain JSON of the same length, each comment byte and trailing comma
/// replaced by a space (newlines kept), so the parser's byte offsets, lines and columns still point into the file.
enum JSONCText {
    static func strict(_ input: [UInt8]) -> [UInt8] {
        var bytes = input
        let n = bytes.count
        let slash = UInt8(ascii: "/"), star = UInt8(ascii: "*"), quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")
        let newline = UInt8(ascii: "\n"), space = UInt8(ascii: " "), comma = UInt8(ascii: ",")
        var commas: [Int] = []  // commas outside strings, to check once comments are gone
        var i = 0
        while i < n {
            let b = bytes[i]
            if b == quote {
                i += 1
                while i < n, bytes[i] != quote {
                    i += bytes[i] == backslash ? 2 : 1
                }
                i += 1
                continue
            }
            if b == comma { commas.append(i) }
            if b == slash, i + 1 < n, bytes[i + 1] == slash {
                while i < n, bytes[i] != newline {
                    bytes[i] = space
                    i += 1
                }
                continue
            }
            if b == slash, i + 1 < n, bytes[i + 1] == star {
                var end = i + 2
                while end + 1 < n, !(bytes[end] == star && bytes[end + 1] == slash) { end += 1 }
                guard end + 1 < n else { return bytes }  // unterminated: leave it for the parser to report
                for j in i...(end + 1) where bytes[j] != newline { bytes[j] = space }
                i = end + 2
                continue
            }
            i += 1
        }
        for c in commas {
            var j = c + 1
            while j < n, [space, newline, UInt8(ascii: "\t"), UInt8(ascii: "\r")].contains(bytes[j]) { j += 1 }
            if j < n, bytes[j] == UInt8(ascii: "]") || bytes[j] == UInt8(ascii: "}") { bytes[c] = space }
        }
        return bytes
    }
}
