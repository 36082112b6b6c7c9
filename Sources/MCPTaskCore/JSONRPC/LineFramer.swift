/// Splits a byte stream into newline-delimited messages (the stdio framing of MCP).
///
/// Only LF ends a message: U+2028 and friends inside JSON strings are data. A line longer than `maxLineBytes`
/// is reported once as ``Frame/oversized(_:)`` and its bytes are skipped up to the next newline, so one huge
/// message costs no more memory than the limit.
public struct LineFramer: Sendable {
    public enum Frame: Sendable, Equatable {
        /// A complete line without its terminator (a trailing CR is removed as well).
        case line([UInt8])
        /// A line exceeded the limit; the value is how many bytes had been seen when it was cut.
        case oversized(Int)
    }

    public let maxLineBytes: Int
    private var buffer: [UInt8] = []
    private var discarding = false

    public init(maxLineBytes: Int) { self.maxLineBytes = maxLineBytes }

    /// Feeds a chunk and returns every frame it completes.
    public mutating func feed(_ chunk: some Collection<UInt8>) -> [Frame] {
        var frames: [Frame] = []
        var start = chunk.startIndex
        var i = chunk.startIndex
        while i != chunk.endIndex {
            if chunk[i] == 0x0A {
                if discarding {
                    discarding = false
                } else {
                    buffer.append(contentsOf: chunk[start..<i])
                    if buffer.count > maxLineBytes {
                        frames.append(.oversized(buffer.count))
                    } else {
                        if buffer.last == 0x0D { buffer.removeLast() }
                        if !buffer.isEmpty { frames.append(.line(buffer)) }
                    }
                    buffer.removeAll(keepingCapacity: buffer.count < 1 << 20)
                }
                start = chunk.index(after: i)
            }
            i = chunk.index(after: i)
        }
        if !discarding, start != chunk.endIndex {
            buffer.append(contentsOf: chunk[start..<chunk.endIndex])
            if buffer.count > maxLineBytes {
                frames.append(.oversized(buffer.count))
                buffer = []
                discarding = true
            }
        }
        return frames
    }

    /// Whatever is left when the stream ends (a last line without a newline).
    public mutating func finish() -> [Frame] {
        defer { buffer = []; discarding = false }
        guard !discarding, !buffer.isEmpty else { return [] }
        return [.line(buffer)]
    }
}
