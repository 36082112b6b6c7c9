import Foundation
import MCPTaskCore
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes JSON-RPC messages to a file descriptor, one line each, in the order they were sent.
///
/// Writes happen on a serial dispatch queue (never on the Swift concurrency pool, which a client that stops
/// reading could otherwise stall). Once the descriptor fails (the client closed the pipe) further messages are
/// dropped.
final class StdoutWriter: MessageSink {
    private let fd: Int32
    private let queue = DispatchQueue(label: "mcptask.demo-server.stdout")
    private let broken = Atomic<Bool>(false)

    init(fd: Int32 = 1) {
        self.fd = fd
    }

    var canSendRequests: Bool { true }
    var isConnected: Bool { !broken.load(ordering: .relaxed) }

    func send(_ message: JSONRPCMessage) {
        var line = message.json.serializedBytes()
        line.append(0x0A)
        let bytes = line
        queue.async { [self] in
            guard !broken.load(ordering: .relaxed) else { return }
            if !writeAll(bytes) { broken.store(true, ordering: .relaxed) }
        }
    }

    /// Waits until everything sent so far is written.
    func drain() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            queue.async { continuation.resume() }
        }
    }

    private func writeAll(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { raw -> Bool in
            guard var base = raw.baseAddress else { return true }
            var left = raw.count
            while left > 0 {
                let n = write(fd, base, left)
                if n < 0 {
                    if errno == EINTR || errno == EAGAIN { continue }
                    return false
                }
                left -= n
                base = base.advanced(by: n)
            }
            return true
        }
    }
}
