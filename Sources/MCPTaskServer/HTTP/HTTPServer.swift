import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A small HTTP/1.1 server on SwiftNIO for the MCP endpoint: bodies collected up to a limit (413 beyond),
/// keep-alive, and SSE answers written event by event as they come, in bounded pieces.
enum HTTPServer {
    /// Largest piece of a body handed to NIO at once; with NIO's writability back-pressure this bounds the
    /// memory a slow reader can make the server hold per connection.
    static let writeChunk = 64 * 1024

    static func run(host: String, port: Int, endpoint: MCPHTTPEndpoint,
                    onListening: @escaping @Sendable (String) -> Void) async throws {
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .bind(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    // No pipelining assistance: it stops reading while a response is open, and then a client
                    // that hangs up during a long SSE answer would go unnoticed.
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withPipeliningAssistance: false,
                                                                                    withErrorHandling: true)
                    return try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(
                        wrappingChannelSynchronously: channel)
                }
            }
        let boundPort = server.channel.localAddress?.port ?? port
        let urlHost = host.contains(":") ? "[\(host)]" : host
        onListening("http://\(urlHost):\(boundPort)\(MCPHTTPEndpoint.path)")
        try await withThrowingDiscardingTaskGroup { group in
            try await server.executeThenClose { connections in
                for try await connection in connections {
                    group.addTask { await serve(connection, endpoint: endpoint) }
                }
            }
        }
    }

    private static func serve(_ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>,
                              endpoint: MCPHTTPEndpoint) async {
        let watch = CloseWatch()
        connection.channel.closeFuture.whenComplete { _ in watch.fire() }
        let allocator = connection.channel.allocator
        try? await connection.executeThenClose { inbound, outbound in
            var head: HTTPRequestHead?
            var body = allocator.buffer(capacity: 0)
            for try await part in inbound {
                switch part {
                case .head(let h):
                    head = h
                    body.clear()
                    if let length = h.headers.first(name: "Content-Length").flatMap(Int.init), length > MCPHTTPEndpoint.maxBodyBytes {
                        try await writeTooLarge(outbound)
                        return
                    }
                    if h.headers.first(name: "Expect")?.lowercased() == "100-continue" {
                        try await outbound.write(.head(HTTPResponseHead(version: h.version, status: .continue)))
                    }
                case .body(var chunk):
                    guard head != nil else { continue }
                    if body.readableBytes + chunk.readableBytes > MCPHTTPEndpoint.maxBodyBytes {
                        try await writeTooLarge(outbound)
                        return
                    }
                    body.writeBuffer(&chunk)
                case .end:
                    guard let h = head else { continue }
                    head = nil
                    let request = HTTPRequest(method: h.method, uri: h.uri, headers: h.headers, body: body)
                    body = allocator.buffer(capacity: 0)
                    let reply = await endpoint.respond(to: request)
                    let reusable = try await write(reply, version: h.version, outbound: outbound,
                                                   allocator: allocator, watch: watch)
                    if !reusable || !h.isKeepAlive { return }
                }
            }
        }
    }

    private static func writeTooLarge(_ outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>) async throws {
        let message = Array("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,\"message\":\"Payload Too Large: the limit is \(MCPHTTPEndpoint.maxBodyBytes >> 20) MiB\"}}".utf8)
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/json")
        headers.add(name: "Content-Length", value: String(message.count))
        headers.add(name: "Connection", value: "close")
        try await outbound.write(contentsOf: [
            .head(HTTPResponseHead(version: .http1_1, status: .payloadTooLarge, headers: headers)),
            .body(.byteBuffer(ByteBuffer(bytes: message))), .end(nil),
        ])
    }

    /// Writes a reply; returns whether the connection can serve another request.
    private static func write(_ reply: HTTPReply, version: HTTPVersion,
                              outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>,
                              allocator: ByteBufferAllocator, watch: CloseWatch) async throws -> Bool {
        switch reply {
        case .full(let status, var headers, let body):
            headers.replaceOrAdd(name: "Content-Length", value: String(body.count))
            var parts: [HTTPServerResponsePart] = [.head(HTTPResponseHead(version: version, status: status, headers: headers))]
            if !body.isEmpty { parts.append(.body(.byteBuffer(ByteBuffer(bytes: body)))) }
            parts.append(.end(nil))
            try await outbound.write(contentsOf: parts)
            return true
        case .stream(let headers, let pump, let priming, let detach):
            watch.set { detach(pump) }
            defer {
                watch.set(nil)
                detach(pump)
            }
            do {
                return try await stream(pump, head: HTTPResponseHead(version: version, status: .ok, headers: headers),
                                        priming: priming, outbound: outbound, allocator: allocator)
            } catch {
                return false
            }
        }
    }

    private static func stream(_ pump: FramePump, head: HTTPResponseHead, priming: String?,
                               outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>,
                               allocator: ByteBufferAllocator) async throws -> Bool {
        var started = false
        while let batch = await pump.next() {
            if batch.end == .closed { return false }
            var parts: [HTTPServerResponsePart] = []
            var buffer = allocator.buffer(capacity: 256)
            if !started {
                started = true
                parts.append(.head(head))
                if let priming { buffer.writeString("id: \(priming)\ndata: \n\n") }
            }
            for frame in batch.frames {
                buffer.writeString("id: \(frame.id)\ndata: ")
                if buffer.readableBytes + frame.data.count <= writeChunk {
                    buffer.writeBytes(frame.data)
                } else {
                    // A large event: hand it over in pieces, each write waiting for the socket to drain.
                    parts.append(.body(.byteBuffer(buffer)))
                    try await outbound.write(contentsOf: parts)
                    parts = []
                    var offset = 0
                    while offset < frame.data.count {
                        let end = min(offset + writeChunk, frame.data.count)
                        try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: frame.data[offset..<end]))))
                        offset = end
                    }
                    buffer = allocator.buffer(capacity: 256)
                }
                buffer.writeString("\n\n")
            }
            if buffer.readableBytes > 0 { parts.append(.body(.byteBuffer(buffer))) }
            if batch.end == .complete { parts.append(.end(nil)) }
            if !parts.isEmpty { try await outbound.write(contentsOf: parts) }
            if batch.end == .complete { return true }
        }
        return false
    }
}

/// Runs an action when a connection closes: the stream being written is detached at once, so a queued request
/// it held can go to the next `tasks/result`.
final class CloseWatch: Sendable {
    private let state = Mutex<(closed: Bool, action: (@Sendable () -> Void)?)>((false, nil))

    func set(_ action: (@Sendable () -> Void)?) {
        let runNow = state.withLock { s -> (@Sendable () -> Void)? in
            if s.closed { return action }
            s.action = action
            return nil
        }
        runNow?()
    }

    func fire() {
        let action = state.withLock { s -> (@Sendable () -> Void)? in
            s.closed = true
            defer { s.action = nil }
            return s.action
        }
        action?()
    }
}
