import Foundation
import MCPTaskCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads newline-delimited messages from a file descriptor on a thread of its own; the stream ends at EOF.
enum StdinReader {
    static func lines(fd: Int32 = 0, maxLineBytes: Int) -> AsyncStream<LineFramer.Frame> {
        let (stream, continuation) = AsyncStream<LineFramer.Frame>.makeStream(bufferingPolicy: .unbounded)
        let thread = Thread {
            var framer = LineFramer(maxLineBytes: maxLineBytes)
            var buffer = [UInt8](repeating: 0, count: 64 * 1024)
            while true {
                let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if n < 0, errno == EINTR { continue }
                if n <= 0 { break }
                for frame in framer.feed(buffer[0..<n]) { continuation.yield(frame) }
            }
            for frame in framer.finish() { continuation.yield(frame) }
            continuation.finish()
        }
        thread.name = "mcptask.demo-server.stdin"
        thread.start()
        return stream
    }
}
