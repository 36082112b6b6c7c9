import Testing
@testable import MCPTaskServer

@Suite struct ISOTimestampTests {
    @Test(arguments: [
        (UnixMillis(0), "1970-01-01T00:00:00.000Z"),
        (UnixMillis(1), "1970-01-01T00:00:00.001Z"),
        (UnixMillis(-1), "1969-12-31T23:59:59.999Z"),
        (UnixMillis(951_782_400_000), "2000-02-29T00:00:00.000Z"),
        (UnixMillis(1_709_164_800_123), "2024-02-29T00:00:00.123Z"),
        (UnixMillis(1_764_066_600_000), "2025-11-25T10:30:00.000Z"),
        (UnixMillis(4_102_444_799_999), "2099-12-31T23:59:59.999Z"),
    ])
    func formats(millis: UnixMillis, expected: String) {
        #expect(ISOTimestamp.string(millis) == expected)
    }
}
