/// The digest under which the registry remembers a tool call's arguments, so `list` can tell calls apart
/// without the registry ever holding argument values (which may be secrets).
///
/// It is the SHA-256 (lowercase hex) of the arguments' canonical JSON: compact, object keys sorted by their
/// UTF-16 code units (as in RFC 8785) with the first of duplicate keys kept, strings escaped as by
/// ``JSONValue/serialized()``, and numbers that are exact integers written as integers (so `1`, `1.0` and
/// `1e0` agree); other numbers keep their text. Absent arguments digest like an empty object.
public enum ArgumentsDigest {
    /// The hex digest of `arguments` (nil means no arguments, the same as `{}`).
    public static func hex(_ arguments: JSONValue?) -> String {
        SHA256.hex(canonicalBytes(arguments ?? .object([:])))
    }

    /// The canonical JSON text the digest is taken of.
    public static func canonicalBytes(_ value: JSONValue) -> [UInt8] {
        var out: [UInt8] = []
        write(value, into: &out)
        return out
    }

    private static func write(_ value: JSONValue, into out: inout [UInt8]) {
        switch value {
        case .null, .bool, .string:
            value.write(into: &out, indent: nil, level: 0)
        case .number(let n):
            if let i = n.intValue { out.append(contentsOf: String(i).utf8) } else { out.append(contentsOf: n.text.utf8) }
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                write(item, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let object):
            var seen = Set<String>()
            let members = object.entries.filter { seen.insert($0.key).inserted }
                .sorted { $0.key.utf16.lexicographicallyPrecedes($1.key.utf16) }
            out.append(UInt8(ascii: "{"))
            for (i, member) in members.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                JSONValue.writeString(member.key, into: &out)
                out.append(UInt8(ascii: ":"))
                write(member.value, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }
}
