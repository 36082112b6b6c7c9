/// What a transport reports to the session that owns it.
public enum TransportEvent: Sendable {
    /// A complete JSON-RPC message from the server.
    case message(JSONRPCMessage)
    /// One request can no longer be answered (its HTTP stream broke for good, or the POST failed after sending).
    case requestFailed(RequestID, MCPError)
    /// The connection is over; nil means a clean end. No events follow.
    case closed(MCPError?)
}

/// A bidirectional channel of JSON-RPC messages to one MCP server.
///
/// Transports are owned by one ``JSONRPCSession``: it calls ``connect()`` once, reads the returned stream to
/// its end, and calls ``close()`` when done.
public protocol MCPTransport: Sendable {
    /// Starts the transport and returns the stream of what the server sends.
    func connect() async throws(MCPError) -> AsyncStream<TransportEvent>
    /// Sends one message. For requests over HTTP this returns once the server accepted the POST; the answer
    /// arrives on the event stream.
    func send(_ message: JSONRPCMessage) async throws(MCPError)
    /// Called once `initialize` succeeded: HTTP sends `MCP-Protocol-Version` from then on and opens the
    /// server's own stream.
    func sessionEstablished(protocolVersion: String) async
    /// Ends the connection and releases the server (terminating a child process, ending an HTTP session).
    func close() async
}

extension MCPTransport {
    public func sessionEstablished(protocolVersion: String) async {}
}

/// Decodes one framed message, mapping failures to ``MCPError``.
enum MessageDecoding {
    static func decode(_ bytes: [UInt8]) -> Result<JSONRPCMessage, MCPError> {
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            let preview = String(decoding: bytes.prefix(60), as: UTF8.self)
            return .failure(.protocolViolation("the server sent invalid JSON (\(error)): \(preview)\(bytes.count > 60 ? "…" : "")"))
        }
        do {
            return .success(try JSONRPCMessage(json: value))
        } catch {
            return .failure(.protocolViolation("the server sent an invalid JSON-RPC message: \(error.message)"))
        }
    }
}
