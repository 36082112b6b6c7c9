import Testing
@testable import MCPTaskCore

@Suite("PollSchedule")
struct PollScheduleTests {
    @Test func defaultWithoutSuggestion() {
        #expect(PollSchedule(task: nil).interval == .seconds(1))
        #expect(PollSchedule(task: makeTask(.working)).interval == PollSchedule.defaultInterval)
    }

    @Test("honours the server's pollInterval", arguments: [100, 250, 1000, 5000, 29_999])
    func honoursPollInterval(ms: Int) {
        #expect(PollSchedule(task: makeTask(.working, poll: ms)).interval == .milliseconds(ms))
    }

    @Test("a floor against absurdly small suggestions", arguments: [0, 1, 10, -500])
    func floor(ms: Int) {
        let interval = PollSchedule(task: makeTask(.working, poll: ms)).interval
        #expect(interval == PollSchedule.minimumInterval)
        #expect(interval >= .milliseconds(10))
    }

    @Test("a ceiling against huge suggestions", arguments: [60_000, 86_400_000, Int(Int32.max)])
    func ceiling(ms: Int) {
        #expect(PollSchedule(task: makeTask(.working, poll: ms)).interval == PollSchedule.maximumInterval)
    }

    @Test func updateAdoptsLatestAndKeepsOtherwise() {
        var s = PollSchedule(task: makeTask(.working, poll: 200))
        s.update(from: makeTask(.working, poll: 700))
        #expect(s.interval == .milliseconds(700))
        s.update(from: makeTask(.working))
        #expect(s.interval == .milliseconds(700), "a task without pollInterval keeps the last suggestion")
    }

    @Test func boundsAreSane() {
        #expect(PollSchedule.minimumInterval < PollSchedule.defaultInterval)
        #expect(PollSchedule.defaultInterval < PollSchedule.maximumInterval)
    }
}
