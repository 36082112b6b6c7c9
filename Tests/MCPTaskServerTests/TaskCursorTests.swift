import Testing
@testable import MCPTaskServer

@Suite struct TaskCursorTests {
    @Test(arguments: [0, 1, 2, 99, 1_000_000])
    func roundTrips(sequence: Int) {
        let cursor = TaskCursor.encode(after: sequence)
        #expect(TaskCursor.decode(cursor) == sequence)
        #expect(!cursor.contains(String(sequence)) || sequence < 10)  // not the plain number
        #expect(cursor.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
    }

    @Test(arguments: ["", "bogus!", "12", "bW9yZQ", "bWNwdGFzay10YXNrcy1hZnRlcjp4", "mcptask-tasks-after:3",
                      String(repeating: "A", count: 200)])
    func rejectsWhatItDidNotIssue(cursor: String) {
        #expect(TaskCursor.decode(cursor) == nil)
    }
}
