import Testing
@testable import MCPTaskCore

@Suite("JSON-RPC message classification")
struct JSONRPCMessageTests {
    private func classify(_ text: String) throws -> JSONRPCMessage {
        try JSONRPCMessage(json: try JSONParser.parse(text))
    }

    @Test func requestWithIntegerID() throws {
        let m = try classify(#"{"jsonrpc":"2.0","id":7,"method":"tools/list","params":{"cursor":"c"}}"#)
        #expect(m == .request(id: .int(7), method: "tools/list", params: ["cursor": "c"]))
    }

    @Test func requestWithStringIDAndNoParams() throws {
        let m = try classify(#"{"jsonrpc":"2.0","id":"abc-1","method":"ping"}"#)
        #expect(m == .request(id: .string("abc-1"), method: "ping", params: nil))
    }

    @Test("a string id that looks like a number stays a string")
    func stringIDNotConverted() throws {
        let m = try classify(#"{"jsonrpc":"2.0","id":"1","result":{}}"#)
        #expect(m == .response(id: .string("1"), result: .object([:])))
        #expect(RequestID.string("1") != RequestID.int(1))
    }

    @Test func notification() throws {
        let m = try classify(#"{"jsonrpc":"2.0","method":"notifications/tasks/status","params":{"taskId":"t"}}"#)
        #expect(m == .notification(method: "notifications/tasks/status", params: ["taskId": "t"]))
    }

    @Test func response() throws {
        let m = try classify(#"{"jsonrpc":"2.0","id":3,"result":{"content":[]}}"#)
        #expect(m == .response(id: .int(3), result: ["content": []]))
    }

    @Test("a null result is still a response")
    func nullResult() throws {
        let m = try classify(#"{"jsonrpc":"2.0","id":3,"result":null}"#)
        #expect(m == .response(id: .int(3), result: .null))
    }

    @Test func errorResponseKeepsCodeMessageAndData() throws {
        let m = try classify(#"{"jsonrpc":"2.0","id":"x","error":{"code":-32602,"message":"Unknown task","data":{"taskId":"t9","n":1.0}}}"#)
        let expected = RPCError(code: -32602, message: "Unknown task", data: ["taskId": "t9", "n": .number(JSONNumber(text: "1.0"))])
        #expect(m == .errorResponse(id: .string("x"), error: expected))
        guard case .errorResponse(_, let e) = m else { return }
        #expect(e.data?.serialized() == #"{"taskId":"t9","n":1.0}"#)
    }

    @Test func errorResponseWithNullID() throws {
        let m = try classify(#"{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error"}}"#)
        #expect(m == .errorResponse(id: nil, error: RPCError(code: -32700, message: "Parse error")))
    }

    @Test("invalid shapes are protocol violations",
          arguments: [
              #"[]"#, #""x""#, #"42"#, #"null"#,
              #"{"id":1,"method":"m"}"#,
              #"{"jsonrpc":"1.0","id":1,"method":"m"}"#,
              #"{"jsonrpc":2.0,"id":1,"method":"m"}"#,
              #"{"jsonrpc":"2.0","id":1,"method":5}"#,
              #"{"jsonrpc":"2.0","id":1.5,"method":"m"}"#,
              #"{"jsonrpc":"2.0","id":true,"method":"m"}"#,
              #"{"jsonrpc":"2.0","id":null,"method":"m"}"#,
              #"{"jsonrpc":"2.0","id":{},"method":"m"}"#,
              #"{"jsonrpc":"2.0","result":{}}"#,
              #"{"jsonrpc":"2.0","id":null,"result":{}}"#,
              #"{"jsonrpc":"2.0","id":[1],"result":{}}"#,
              #"{"jsonrpc":"2.0","id":1}"#,
              #"{"jsonrpc":"2.0","id":1,"error":{"message":"no code"}}"#,
              #"{"jsonrpc":"2.0","id":1,"error":{"code":"-1","message":"m"}}"#,
              #"{"jsonrpc":"2.0","id":1,"error":"boom"}"#,
          ])
    func invalidShapes(text: String) throws {
        let value = try JSONParser.parse(text)
        #expect(throws: ProtocolViolation.self) { try JSONRPCMessage(json: value) }
    }

    @Test("json of every kind classifies back to the same message",
          arguments: [
              JSONRPCMessage.request(id: .int(1), method: "initialize", params: ["protocolVersion": "2025-11-25"]),
              .request(id: .string("s"), method: "ping", params: nil),
              .notification(method: "notifications/initialized", params: nil),
              .notification(method: "notifications/cancelled", params: ["requestId": 4]),
              .response(id: .int(9), result: ["tools": []]),
              .errorResponse(id: .int(2), error: RPCError(code: -32601, message: "nope", data: [1, 2])),
              .errorResponse(id: nil, error: RPCError(code: -32700, message: "bad")),
          ])
    func jsonRoundTrip(message: JSONRPCMessage) throws {
        let json = message.json
        #expect(json["jsonrpc"] == "2.0")
        let text = json.serialized()
        #expect(try JSONRPCMessage(json: try JSONParser.parse(text)) == message)
    }

    @Test func requestJSONOmitsAbsentParams() {
        let json = JSONRPCMessage.request(id: .int(1), method: "ping", params: nil).json
        #expect(json.objectValue?.keys.sorted() == ["id", "jsonrpc", "method"])
        let err = JSONRPCMessage.errorResponse(id: nil, error: RPCError(code: 1, message: "m")).json
        #expect(err["id"] == .null)
    }

    @Test func rpcErrorJSON() {
        #expect(RPCError(code: -32601, message: "x").json == ["code": -32601, "message": "x"])
        #expect(RPCError(code: 5, message: "x", data: "d").json["data"] == "d")
        #expect(RPCError(code: -32603, message: "boom").description.contains("-32603"))
    }
}
