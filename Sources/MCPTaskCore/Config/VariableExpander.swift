/// Expands variable references in configuration strings.
///
/// Forms understood:
/// - `${NAME}` and `${env:NAME}`: the environment variable `NAME` (letters, digits, `_`; not starting with a
///   digit). Unset is an error naming the variable.
/// - `${NAME:-default}` and `${env:NAME:-default}`: `default` (taken literally) when `NAME` is unset or empty.
/// - `${workspaceFolder}` (VS Code): the working directory, unless an environment variable of that name is set;
///   `${userHome}`: `HOME`.
/// - `$${` is a literal `${` (the only escape; `$$` elsewhere and a lone `$` stay as written). The text is read
///   left to right, so `$$${A}` is `$` then a literal `${A}`; a `$` right before a value is `${DOLLAR:-$}${A}`.
///
/// `${input:…}` (VS Code prompt inputs) and other `${prefix:…}` forms are errors: mcptask never prompts for
/// configuration values. Errors never contain a value from the environment or the string being expanded.
struct VariableExpander: Sendable {
    let environment: [String: String]
    /// What `${workspaceFolder}` means: the directory mcptask runs in.
    let workspaceFolder: String

    func expand(_ text: String) throws(VariableProblem) -> String {
        guard text.utf8.contains(UInt8(ascii: "$")) else { return text }
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            guard b == UInt8(ascii: "$"), i + 1 < bytes.count else {
                out.append(b)
                i += 1
                continue
            }
            if bytes[i + 1] == UInt8(ascii: "$"), i + 2 < bytes.count, bytes[i + 2] == UInt8(ascii: "{") {
                out.append(contentsOf: Array("${".utf8))
                i += 3
                continue
            }
            guard bytes[i + 1] == UInt8(ascii: "{") else {
                out.append(b)
                i += 1
                continue
            }
            guard let close = bytes[(i + 2)...].firstIndex(of: UInt8(ascii: "}")) else {
                throw .malformed("a \"${\" has no closing \"}\" (write $${ for a literal ${)")
            }
            let reference = String(decoding: bytes[(i + 2)..<close], as: UTF8.self)
            out.append(contentsOf: Array(try value(of: reference).utf8))
            i = close + 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The value of what is between `${` and `}`.
    private func value(of reference: String) throws(VariableProblem) -> String {
        var name = Substring(reference)
        var fallback: Substring?
        if let range = reference.range(of: ":-") {
            name = reference[..<range.lowerBound]
            fallback = reference[range.upperBound...]
        }
        var explicitEnv = false
        if name.hasPrefix("env:") {
            name = name.dropFirst(4)
            explicitEnv = true
        } else if let colon = name.firstIndex(of: ":") {
            let prefix = String(name[..<colon])
            guard Self.isIdentifier(prefix) else { throw .malformed(Self.badReference) }
            if prefix == "input" {
                let id = name[name.index(after: colon)...]
                let shown = Self.isPrintableID(id) ? "${input:\(id)}" : "${input:…}"
                throw .unsupported(reference: shown,
                                   hint: "mcptask does not prompt for VS Code inputs; put the value in an environment variable and write ${env:NAME}")
            }
            throw .unsupported(reference: "${\(prefix):…}",
                               hint: "only ${NAME}, ${env:NAME} and ${workspaceFolder} are expanded")
        }
        let key = String(name)
        guard Self.isIdentifier(key) else { throw .malformed(Self.badReference) }
        if let value = environment[key], !(fallback != nil && value.isEmpty) { return value }
        if let fallback { return String(fallback) }
        if !explicitEnv {
            if key == "workspaceFolder" { return workspaceFolder }
            if key == "userHome", let home = environment["HOME"] { return home }
        }
        throw .missing(name: key)
    }

    private static let badReference = "a \"${…}\" does not hold a variable name (names are letters, digits and _; write $${ for a literal ${)"

    static func isIdentifier(_ s: String) -> Bool {
        guard let first = s.utf8.first, !isDigit(first) else { return false }
        return s.utf8.allSatisfy(isWordByte)
    }

    /// An input id safe to repeat in a message (short, plain).
    private static func isPrintableID(_ s: Substring) -> Bool {
        !s.isEmpty && s.utf8.count <= 64
            && s.utf8.allSatisfy { isWordByte($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") }
    }

    private static func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }

    private static func isWordByte(_ b: UInt8) -> Bool {
        isDigit(b) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z")) || (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z"))
            || b == UInt8(ascii: "_")
    }
}
