import Foundation

extension FormField {
    /// Reads what a person typed (or a `--answer` value) as this field's value, or explains in one line why it
    /// does not fit. Enum choices are taken by number (1-based) or by value; multi-select as a comma list.
    public func parse(_ text: String) -> Result<JSONValue, FieldError> {
        let input = text.trimmingCharacters(in: .whitespaces)
        switch kind {
        case .string:
            return validate(.string(text))
        case .number(let integer, _, _):
            guard let parsed = try? JSONParser.parse(input), case .number(let n) = parsed else {
                return .failure(FieldError(integer ? "enter a whole number" : "enter a number"))
            }
            if integer, n.intValue == nil { return .failure(FieldError("enter a whole number")) }
            return validate(integer ? .int(n.intValue ?? 0) : parsed)
        case .boolean:
            switch input.lowercased() {
            case "y", "yes", "true", "t", "1", "on": return .success(.bool(true))
            case "n", "no", "false", "f", "0", "off": return .success(.bool(false))
            default: return .failure(FieldError("answer yes or no"))
            }
        case .singleSelect(let options):
            guard let option = Self.choose(input, from: options) else {
                return .failure(FieldError("choose 1-\(options.count) or one of: \(options.map(\.value).joined(separator: ", "))"))
            }
            return .success(.string(option.value))
        case .multiSelect(let options, _, _):
            var chosen: [String] = []
            let parts = input.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            for part in parts {
                guard let option = Self.choose(part, from: options) else {
                    return .failure(FieldError("'\(part)' is not a choice; use numbers 1-\(options.count) or values, separated by commas"))
                }
                if !chosen.contains(option.value) { chosen.append(option.value) }
            }
            return validate(.array(chosen.map { .string($0) }))
        }
    }

    private static func choose(_ input: String, from options: [EnumOption]) -> EnumOption? {
        if let n = Int(input), n >= 1, n <= options.count { return options[n - 1] }
        return options.first { $0.value == input } ?? options.first { $0.value.lowercased() == input.lowercased() }
    }

    /// Checks a value (typed, given with `--answers`, or a default) against every constraint of the field.
    public func validate(_ value: JSONValue) -> Result<JSONValue, FieldError> {
        switch (kind, value) {
        case (.string(let minLength, let maxLength, let pattern, let format), .string(let s)):
            // JSON Schema counts Unicode code points, not grapheme clusters.
            let length = s.unicodeScalars.count
            if let minLength, length < minLength {
                return .failure(FieldError("must be at least \(minLength) character\(minLength == 1 ? "" : "s")"))
            }
            if let maxLength, length > maxLength { return .failure(FieldError("must be at most \(maxLength) characters")) }
            if let pattern {
                guard let regex = try? NSRegularExpression(pattern: pattern) else {
                    return .failure(FieldError("the server's pattern '\(pattern)' is not a valid regular expression"))
                }
                if regex.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) == nil {
                    return .failure(FieldError("must match the pattern \(pattern)"))
                }
            }
            if let format, let problem = FormatCheck.problem(s, format: format) { return .failure(FieldError(problem)) }
            return .success(value)
        case (.number(let integer, let minimum, let maximum), .number(let n)):
            guard let d = n.doubleValue, d.isFinite else { return .failure(FieldError("enter a number within range")) }
            if integer, n.intValue == nil { return .failure(FieldError("enter a whole number")) }
            if let minimum, d < minimum { return .failure(FieldError("must be at least \(Self.show(minimum))")) }
            if let maximum, d > maximum { return .failure(FieldError("must be at most \(Self.show(maximum))")) }
            return .success(value)
        case (.boolean, .bool):
            return .success(value)
        case (.singleSelect(let options), .string(let s)):
            return options.contains { $0.value == s } ? .success(value)
                : .failure(FieldError("must be one of: \(options.map(\.value).joined(separator: ", "))"))
        case (.multiSelect(let options, let minItems, let maxItems), .array(let items)):
            let values = items.compactMap(\.stringValue)
            guard values.count == items.count, values.allSatisfy({ v in options.contains { $0.value == v } }) else {
                return .failure(FieldError("each choice must be one of: \(options.map(\.value).joined(separator: ", "))"))
            }
            if let minItems, values.count < minItems { return .failure(FieldError("choose at least \(minItems)")) }
            if let maxItems, values.count > maxItems { return .failure(FieldError("choose at most \(maxItems)")) }
            return .success(value)
        default:
            return .failure(FieldError("expected \(expectedForm), got \(value.typeName)"))
        }
    }

    /// A short description of what to type, shown at the prompt.
    public var expectedForm: String {
        switch kind {
        case .string(let minLength, let maxLength, let pattern, let format):
            var parts = [format.map { Self.formatName($0) } ?? "text"]
            if let minLength, let maxLength { parts.append("\(minLength)-\(maxLength) chars") }
            else if let minLength { parts.append("at least \(minLength) chars") }
            else if let maxLength { parts.append("at most \(maxLength) chars") }
            if let pattern { parts.append("matching \(pattern)") }
            return parts.joined(separator: ", ")
        case .number(let integer, let minimum, let maximum):
            var s = integer ? "whole number" : "number"
            if let minimum, let maximum { s += " \(Self.show(minimum))-\(Self.show(maximum))" }
            else if let minimum { s += " ≥ \(Self.show(minimum))" }
            else if let maximum { s += " ≤ \(Self.show(maximum))" }
            return s
        case .boolean: return "y/n"
        case .singleSelect(let options): return "choose 1-\(options.count)"
        case .multiSelect(let options, let minItems, let maxItems):
            var s = "choose any of 1-\(options.count), comma-separated"
            if let minItems, minItems > 0 { s += ", at least \(minItems)" }
            if let maxItems { s += ", at most \(maxItems)" }
            return s
        }
    }

    /// The default as the user would type it (shown in brackets), if the field has a valid one.
    public var defaultInput: String? {
        guard let value = defaultValue, case .success = validate(value) else { return nil }
        switch value {
        case .string(let s): return s
        case .bool(let b): return b ? "y" : "n"
        case .number(let n): return n.text
        case .array(let items): return items.compactMap(\.stringValue).joined(separator: ",")
        default: return nil
        }
    }

    private static func formatName(_ format: String) -> String {
        switch format {
        case "email": return "email address"
        case "uri": return "URI"
        case "date": return "date YYYY-MM-DD"
        case "date-time": return "date-time YYYY-MM-DDTHH:MM:SSZ"
        default: return format
        }
    }

    private static func show(_ d: Double) -> String {
        d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d)
    }
}

/// Why a value does not fit a field, in words for the person at the prompt.
public struct FieldError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// The string `format`s of the restricted schema.
enum FormatCheck {
    static func problem(_ s: String, format: String) -> String? {
        switch format {
        case "email":
            let parts = s.split(separator: "@", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."),
                  !parts[1].hasSuffix("."), !s.contains(" ") else { return "enter an email address like name@example.com" }
            return nil
        case "uri":
            guard let colon = s.firstIndex(of: ":"), colon != s.startIndex,
                  s[..<colon].allSatisfy({ $0.isLetter || $0.isNumber || "+-.".contains($0) }),
                  s[..<colon].first?.isLetter == true, !s.contains(" ") else {
                return "enter an absolute URI like https://example.com/path"
            }
            return nil
        case "date":
            return isDate(s) ? nil : "enter a date as YYYY-MM-DD"
        case "date-time":
            guard s.count >= 20, let t = s.firstIndex(where: { $0 == "T" || $0 == "t" }), isDate(String(s[..<t])) else {
                return "enter a date-time as YYYY-MM-DDTHH:MM:SSZ (or with an offset like +02:00)"
            }
            let f = ISO8601DateFormatter()
            f.formatOptions = [.withInternetDateTime]
            if f.date(from: s) != nil { return nil }
            f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            return f.date(from: s) != nil ? nil : "enter a date-time as YYYY-MM-DDTHH:MM:SSZ (or with an offset like +02:00)"
        default:
            return nil
        }
    }

    private static func isDate(_ s: String) -> Bool {
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]), (1...12).contains(m) else { return false }
        let days = [31, (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return (1...days[m - 1]).contains(d)
    }
}
