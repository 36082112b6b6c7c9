/// When to poll `tasks/get` next: at the server's `pollInterval`, from the `CreateTaskResult` on.
///
/// Never faster than the server asks (a lower bound guards against a zero interval); a status notification or
/// the end of the result stream may wake the waiter sooner, which is the only way it learns early.
public struct PollSchedule: Sendable, Equatable {
    /// Used when the server suggests nothing.
    public static let defaultInterval: Duration = .seconds(1)
    /// Floor for absurd suggestions such as 0 ms.
    public static let minimumInterval: Duration = .milliseconds(50)
    /// Ceiling, so a huge suggestion cannot hide a change for long.
    public static let maximumInterval: Duration = .seconds(30)

    public private(set) var interval: Duration

    public init(task: MCPTask?) {
        interval = Self.defaultInterval
        if let task { update(from: task) }
    }

    /// Adopts the server's latest suggestion.
    public mutating func update(from task: MCPTask) {
        guard let ms = task.pollInterval else { return }
        interval = min(max(.milliseconds(ms), Self.minimumInterval), Self.maximumInterval)
    }
}
