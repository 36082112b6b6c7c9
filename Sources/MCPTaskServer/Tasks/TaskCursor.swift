import Foundation

/// The opaque `tasks/list` cursor: the creation sequence number of the last task on the previous page,
/// wrapped so that clients have no reason to take it apart (spec "Task Listing": cursors are opaque).
public enum TaskCursor {
    private static let prefix = "mcptask-tasks-after:"

    public static func encode(after sequence: Int) -> String {
        Data((prefix + String(sequence)).utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The sequence number a cursor stands for, or nil when the text is not a cursor this server issued.
    public static func decode(_ cursor: String) -> Int? {
        guard !cursor.isEmpty, cursor.count <= 128,
              cursor.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
        else { return nil }
        var base64 = cursor.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64) else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        guard text.hasPrefix(prefix), let sequence = Int(text.dropFirst(prefix.count)), sequence >= 0 else { return nil }
        return sequence
    }
}
