import MCPTaskCore
import Synchronization

/// Decides where `notifications/tasks/status` goes: to one open `tasks/result` stream of the task if there is
/// one (it relates to that request), else to the owning session's own stream (HTTP GET, or stdout). Never to
/// both: the transport spec forbids broadcasting one message on several streams.
final class StatusRouter: Sendable {
    private struct State {
        var sessions: [String: ServerSession] = [:]
        var resultSinks: [String: [Int: any MessageSink]] = [:]
    }
    private let state = Mutex(State())

    func register(_ session: ServerSession) {
        state.withLock { $0.sessions[session.id] = session }
    }

    func unregister(_ session: ServerSession) {
        state.withLock { _ = $0.sessions.removeValue(forKey: session.id) }
    }

    func session(_ id: String) -> ServerSession? {
        state.withLock { $0.sessions[id] }
    }

    func addResultSink(task: String, consumer: Int, sink: any MessageSink) {
        state.withLock { $0.resultSinks[task, default: [:]][consumer] = sink }
    }

    func removeResultSink(task: String, consumer: Int) {
        state.withLock { s in
            s.resultSinks[task]?[consumer] = nil
            if s.resultSinks[task]?.isEmpty == true { s.resultSinks[task] = nil }
        }
    }

    func route(_ record: TaskRecord) {
        let message = JSONRPCMessage.notification(method: TaskWire20251125.statusNotification, params: record.json)
        let (resultSink, owner) = state.withLock { s -> ((any MessageSink)?, ServerSession?) in
            let sinks = (s.resultSinks[record.taskId] ?? [:]).sorted { $0.key < $1.key }.map(\.value)
            return (sinks.first { $0.isConnected }, s.sessions[record.owner])
        }
        if let resultSink {
            resultSink.send(message)
        } else if let sink = owner?.unsolicitedSink {
            sink.send(message)
        }
    }
}
