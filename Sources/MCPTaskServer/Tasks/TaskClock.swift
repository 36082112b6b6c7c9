import Foundation

/// Milliseconds since 1970-01-01T00:00:00Z.
public typealias UnixMillis = Int64

/// Where a task store gets the time from: the system clock, or a clock a test moves by hand.
public struct TaskClock: Sendable {
    /// The current time.
    public var now: @Sendable () -> UnixMillis

    public init(now: @escaping @Sendable () -> UnixMillis) {
        self.now = now
    }

    /// The wall clock.
    public static let system = TaskClock {
        UnixMillis((Date().timeIntervalSince1970 * 1000).rounded(.down))
    }
}

/// RFC 3339 / ISO 8601 timestamps with millisecond precision in UTC, e.g. `2025-11-25T10:30:00.123Z`
/// (spec `basic/utilities/tasks`, "TTL and Resource Management": `createdAt`, `lastUpdatedAt`).
///
/// Hand-rolled (days-from-civil arithmetic) so that formatting needs no shared, non-`Sendable` formatter.
public enum ISOTimestamp {
    public static func string(_ millis: UnixMillis) -> String {
        let ms = Int(((millis % 1000) + 1000) % 1000)
        let seconds = (millis - Int64(ms)) / 1000
        var days = seconds / 86_400
        var secondOfDay = seconds % 86_400
        if secondOfDay < 0 {
            secondOfDay += 86_400
            days -= 1
        }
        let (year, month, day) = civil(fromDays: days)
        let hour = Int(secondOfDay / 3600), minute = Int(secondOfDay / 60 % 60), second = Int(secondOfDay % 60)
        return pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2) + "T" + pad(hour, 2) + ":" + pad(minute, 2)
            + ":" + pad(second, 2) + "." + pad(ms, 3) + "Z"
    }

    /// Gregorian date of a day count since 1970-01-01 (Howard Hinnant's `civil_from_days`).
    static func civil(fromDays z0: Int64) -> (year: Int, month: Int, day: Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        return (Int(year), Int(month), Int(day))
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
