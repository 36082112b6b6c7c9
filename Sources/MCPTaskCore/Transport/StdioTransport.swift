import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs an MCP server as a child process and speaks newline-delimited JSON-RPC over its stdin and stdout.
///
/// The child's stderr is drained concurrently (a child blocked on a full stderr pipe would stall), forwarded
/// line by line to ``Configuration/stderrLine`` and its last lines kept for error messages. The child exiting at
/// any moment ends the event stream with an error that names its exit status and its last stderr lines.
/// ``close()`` closes the child's stdin, then sends SIGTERM, then SIGKILL after ``Configuration/killGrace``.
public final class StdioTransport: MCPTransport, @unchecked Sendable {
    /// How to start the server process.
    public struct Configuration: Sendable {
        public var command: String
        public var arguments: [String]
        /// Extra environment variables, merged over the inherited environment.
        public var environment: [String: String]
        public var workingDirectory: String?
        public var maxMessageBytes: Int
        /// Time between SIGTERM and SIGKILL.
        public var killGrace: Duration
        /// Receives each line the child writes to stderr (raw, unsanitised).
        public var stderrLine: (@Sendable (String) -> Void)?

        public init(command: String, arguments: [String] = [], environment: [String: String] = [:],
                    workingDirectory: String? = nil, maxMessageBytes: Int = 16 << 20,
                    killGrace: Duration = .seconds(2), stderrLine: (@Sendable (String) -> Void)? = nil) {
            self.command = command
            self.arguments = arguments
            self.environment = environment
            self.workingDirectory = workingDirectory
            self.maxMessageBytes = maxMessageBytes
            self.killGrace = killGrace
            self.stderrLine = stderrLine
        }
    }

    private struct State {
        var process: Process?
        var stdinFD: Int32 = -1
        var stderrTail: [String] = []
        var closing = false
        var stderrClosed = false
        var exitStatus: (reason: Process.TerminationReason, code: Int32)?
    }

    private let config: Configuration
    private let state = Mutex(State())
    private let writeQueue = DispatchQueue(label: "mcptask.stdio.write")
    private let stderrDone = DispatchSemaphore(value: 0)
    private static let tailLines = 20

    public init(_ configuration: Configuration) {
        self.config = configuration
    }

    /// The last lines the child wrote to stderr (at most 20), for error messages.
    public var stderrTail: [String] { state.withLock { $0.stderrTail } }

    public func connect() async throws(MCPError) -> AsyncStream<TransportEvent> {
        // A write to a child that has exited must fail with EPIPE, not kill the host process.
        Self.ignoreSIGPIPE
        guard let executable = Self.resolveExecutable(config.command) else {
            throw .connection("cannot start the server: '\(config.command)' was not found on PATH")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = config.arguments
        if !config.environment.isEmpty {
            var env = ProcessInfo.processInfo.environment
            for (k, v) in config.environment { env[k] = v }
            process.environment = env
        }
        if let cwd = config.workingDirectory { process.currentDirectoryURL = URL(fileURLWithPath: cwd) }
        let stdinPipe = Pipe(), stdoutPipe = Pipe(), stderrPipe = Pipe()
        process.standardInput = stdinPipe
        process.standardOutput = stdoutPipe
        process.standardError = stderrPipe
        let (stream, continuation) = AsyncStream<TransportEvent>.makeStream(bufferingPolicy: .unbounded)
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { [self] p in
            state.withLock { $0.exitStatus = (p.terminationReason, p.terminationStatus) }
            exited.signal()
        }
        do {
            try process.run()
        } catch {
            throw .connection("cannot start the server '\(config.command)': \(error.localizedDescription)")
        }
        // Our copies of the child's ends must be closed, or EOF never comes.
        try? stdinPipe.fileHandleForReading.close()
        try? stdoutPipe.fileHandleForWriting.close()
        try? stderrPipe.fileHandleForWriting.close()
        let stdinFD = dup(stdinPipe.fileHandleForWriting.fileDescriptor)
        try? stdinPipe.fileHandleForWriting.close()
        state.withLock {
            $0.process = process
            $0.stdinFD = stdinFD
        }
        let stdoutFD = dup(stdoutPipe.fileHandleForReading.fileDescriptor)
        try? stdoutPipe.fileHandleForReading.close()
        let stderrFD = dup(stderrPipe.fileHandleForReading.fileDescriptor)
        try? stderrPipe.fileHandleForReading.close()

        startStderrReader(fd: stderrFD)
        startStdoutReader(fd: stdoutFD, continuation: continuation, exited: exited)
        return stream
    }

    private func startStderrReader(fd: Int32) {
        let sink = config.stderrLine
        let thread = Thread { [self] in
            var framer = LineFramer(maxLineBytes: 64 * 1024)
            var buf = [UInt8](repeating: 0, count: 16 * 1024)
            func take(_ frames: [LineFramer.Frame]) {
                for case .line(let bytes) in frames {
                    let line = String(decoding: bytes, as: UTF8.self)
                    state.withLock {
                        $0.stderrTail.append(line)
                        if $0.stderrTail.count > StdioTransport.tailLines { $0.stderrTail.removeFirst() }
                    }
                    sink?(line)
                }
            }
            while true {
                let n = buf.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if n < 0, errno == EINTR { continue }
                if n <= 0 { break }
                take(framer.feed(buf[0..<n]))
            }
            take(framer.finish())
            posixClose(fd)
            state.withLock { $0.stderrClosed = true }
            stderrDone.signal()
        }
        thread.name = "mcptask.stdio.stderr"
        thread.start()
    }

    private func startStdoutReader(fd: Int32, continuation: AsyncStream<TransportEvent>.Continuation,
                                   exited: DispatchSemaphore) {
        let maxBytes = config.maxMessageBytes
        let thread = Thread { [self] in
            var framer = LineFramer(maxLineBytes: maxBytes)
            var buf = [UInt8](repeating: 0, count: 64 * 1024)
            var failure: MCPError?
            reading: while true {
                let n = buf.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if n < 0, errno == EINTR { continue }
                if n <= 0 { break }
                for frame in framer.feed(buf[0..<n]) {
                    switch frame {
                    case .oversized:
                        failure = .oversizedMessage(limit: maxBytes)
                        break reading
                    case .line(let bytes):
                        switch MessageDecoding.decode(bytes) {
                        case .success(let message): continuation.yield(.message(message))
                        case .failure(let error):
                            failure = error
                            break reading
                        }
                    }
                }
            }
            if failure == nil {
                for case .line(let bytes) in framer.finish() {
                    if case .success(let message) = MessageDecoding.decode(bytes) { continuation.yield(.message(message)) }
                }
            }
            posixClose(fd)
            if let failure {
                continuation.yield(.closed(failure))
                continuation.finish()
                return
            }
            // stdout is at its end: the child is exiting (or closed stdout on purpose). Wait briefly for its
            // status and the rest of its stderr so the error can say what happened.
            let closing = state.withLock { $0.closing }
            if closing {
                continuation.yield(.closed(nil))
            } else {
                _ = exited.wait(timeout: .now() + .milliseconds(500))
                _ = stderrDone.wait(timeout: .now() + .milliseconds(200))
                continuation.yield(.closed(exitError()))
            }
            continuation.finish()
        }
        thread.name = "mcptask.stdio.stdout"
        thread.start()
    }

    /// The error that describes the child's end: exit status or signal, and its last stderr lines.
    private func exitError() -> MCPError {
        let (status, tail) = state.withLock { ($0.exitStatus, $0.stderrTail) }
        var message: String
        switch status {
        case .some((.exit, let code)): message = "the server exited with status \(code)"
        case .some((.uncaughtSignal, let sig)): message = "the server was killed by signal \(sig)"
        default: message = "the server closed its output"
        }
        let lastLines = tail.suffix(3).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if !lastLines.isEmpty { message += "; its last output: " + lastLines.joined(separator: " | ") }
        return .connection(message)
    }

    public func send(_ message: JSONRPCMessage) async throws(MCPError) {
        let bytes = message.json.serializedBytes() + [0x0A]
        let fd = state.withLock { $0.stdinFD }
        guard fd >= 0 else { throw .connection("the server's input is closed") }
        let result: Result<Void, MCPError> = await withCheckedContinuation { cont in
            writeQueue.async {
                cont.resume(returning: Self.writeAll(fd: fd, bytes: bytes))
            }
        }
        if case .failure(let error) = result {
            // The write failed because the child is gone (or going): wait briefly for its exit status and the
            // rest of its stderr, so the error says how it ended rather than "broken pipe".
            let clock = ContinuousClock()
            let deadline = clock.now.advanced(by: .milliseconds(500))
            while clock.now < deadline, !state.withLock({ $0.exitStatus != nil && $0.stderrClosed }) {
                try? await Task.sleep(for: .milliseconds(5))
            }
            if state.withLock({ $0.exitStatus != nil }) { throw exitError() }
            throw error
        }
    }

    private static func writeAll(fd: Int32, bytes: [UInt8]) -> Result<Void, MCPError> {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                return .failure(.connection("cannot write to the server: \(String(cString: strerror(errno)))"))
            }
            if n == 0 { return .failure(.connection("the server's input is closed")) }
            offset += n
        }
        return .success(())
    }

    public func close() async {
        let (process, fd) = state.withLock { s -> (Process?, Int32) in
            s.closing = true
            let fd = s.stdinFD
            s.stdinFD = -1
            return (s.process, fd)
        }
        // Let queued writes finish before closing the descriptor they use.
        await withCheckedContinuation { (cont: CheckedContinuation<Void, Never>) in
            writeQueue.async {
                if fd >= 0 { posixClose(fd) }
                cont.resume()
            }
        }
        guard let process else { return }
        let pid = process.processIdentifier
        if await waitForExit(process, upTo: .milliseconds(100)) { return }
        kill(pid, SIGTERM)
        if await waitForExit(process, upTo: config.killGrace) { return }
        kill(pid, SIGKILL)
        _ = await waitForExit(process, upTo: .seconds(1))
    }

    private func waitForExit(_ process: Process, upTo limit: Duration) async -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: limit)
        while process.isRunning {
            if clock.now >= deadline { return false }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return true
    }

    private static let ignoreSIGPIPE: Void = { _ = signal(SIGPIPE, SIG_IGN) }()

    /// Finds `command` the way a shell does: as a path when it contains a slash, else on PATH.
    static func resolveExecutable(_ command: String) -> String? {
        if command.contains("/") {
            return access(command, X_OK) == 0 ? command : nil
        }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for dir in path.split(separator: ":") where !dir.isEmpty {
            let candidate = "\(dir)/\(command)"
            var st = stat()
            if access(candidate, X_OK) == 0, stat(candidate, &st) == 0, (st.st_mode & S_IFMT) != S_IFDIR {
                return candidate
            }
        }
        return nil
    }
}

/// `close(2)`, named so it cannot be confused with ``StdioTransport/close()``.
@inline(__always) func posixClose(_ fd: Int32) {
    _ = close(fd)
}
