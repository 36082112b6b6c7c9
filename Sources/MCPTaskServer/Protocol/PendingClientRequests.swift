import MCPTaskCore

/// Requests the server sends the client outside any task (e.g. an elicitation during a plain `tools/call`),
/// written on the stream of the request being handled, and the routing of their answers.
actor PendingClientRequests {
    private var waiters: [RequestID: (owner: String, continuation: CheckedContinuation<JSONValue, any Error>)] = [:]
    private var next = 1

    /// Sends `method` through `sink` and waits for the client's answer.
    func request(_ method: String, params: JSONObject, owner: String, sink: any MessageSink) async throws -> JSONValue {
        guard sink.canSendRequests else {
            throw RPCError(code: RPCError.internalError,
                           message: "cannot send \(method) to the client: this answer is a single JSON body (send Accept: text/event-stream to allow it)")
        }
        let id = RequestID.string("mcptask-request-\(next)")
        next += 1
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<JSONValue, any Error>) in
                if Task.isCancelled {
                    continuation.resume(throwing: CancellationError())
                    return
                }
                waiters[id] = (owner, continuation)
                sink.send(.request(id: id, method: method, params: .object(params)))
            }
        } onCancel: {
            Task { await self.abandon(id) }
        }
    }

    /// Delivers the client's answer; false when no request of `owner` has that id.
    func answer(_ id: RequestID, with outcome: Result<JSONValue, RPCError>, from owner: String) -> Bool {
        guard let waiter = waiters[id], waiter.owner == owner else { return false }
        waiters[id] = nil
        switch outcome {
        case .success(let value): waiter.continuation.resume(returning: value)
        case .failure(let error): waiter.continuation.resume(throwing: error)
        }
        return true
    }

    private func abandon(_ id: RequestID) {
        waiters.removeValue(forKey: id)?.continuation.resume(throwing: CancellationError())
    }
}
