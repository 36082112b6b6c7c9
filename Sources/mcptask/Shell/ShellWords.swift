/// Splits a shell command line into words the way a POSIX shell would, without expansions: white space
/// separates words; 'single quotes' keep everything; "double quotes" keep everything but `\"`, `\\`, `\$` and
/// `` \` ``; a backslash outside quotes keeps the next character. `''` is an empty word.
enum ShellWords {
    /// A quote that is never closed.
    struct Unterminated: Error, CustomStringConvertible {
        let quote: Character
        var description: String { "unterminated \(quote == "'" ? "single" : "double") quote" }
    }

    static func split(_ line: String) throws(Unterminated) -> [String] {
        var words: [String] = []
        var word = ""
        var inWord = false
        var iterator = Array(line)[...]
        while let c = iterator.popFirst() {
            switch c {
            case " ", "\t", "\n", "\r":
                if inWord { words.append(word) }
                word = ""
                inWord = false
            case "'":
                inWord = true
                guard let end = iterator.firstIndex(of: "'") else { throw Unterminated(quote: "'") }
                word += String(iterator[..<end])
                iterator = iterator[(end + 1)...]
            case "\"":
                inWord = true
                var closed = false
                while let d = iterator.popFirst() {
                    if d == "\"" {
                        closed = true
                        break
                    }
                    if d == "\\", let next = iterator.first, "\"\\$`".contains(next) {
                        word.append(next)
                        iterator.removeFirst()
                    } else {
                        word.append(d)
                    }
                }
                if !closed { throw Unterminated(quote: "\"") }
            case "\\":
                inWord = true
                if let next = iterator.popFirst() { word.append(next) }
            default:
                inWord = true
                word.append(c)
            }
        }
        if inWord { words.append(word) }
        return words
    }
}
