import MCPTaskCore
import Testing
@testable import MCPTaskServer

@Suite struct DemoToolsTests {
    @Test func taskSupportOfEveryTool() {
        let modes = Dictionary(uniqueKeysWithValues: DemoTools.all.map { ($0.name, $0.taskSupport) })
        #expect(modes == ["deploy": .required, "countdown": .optional, "confirm_delete": .required,
                          "flaky_job": .required, "lint": .optional, "watch_forever": .required,
                          "generate_report": .optional, "echo": .forbidden, "sleep": .optional])
    }

    @Test func everyToolIsDescribedAndTakesItsDefaults() throws {
        for tool in DemoTools.all {
            #expect(tool.description.count > 40, "\(tool.name)")
            #expect(tool.inputSchema["type"] == "object", "\(tool.name)")
            if tool.name != "echo" {
                _ = try InputValidator.validate([:], schema: tool.inputSchema, tool: tool.name)
            }
        }
    }

    @Test(arguments: [("1.2.3", "v1.2.3"), ("v10.0.12", "v10.0.12"), ("1.2", nil), ("v1.2.3.4", nil), ("1..3", nil),
                      ("x1.2.3", nil), ("1.2.3-beta", nil), ("", nil), ("v", nil), ("١.٢.٣", nil)] as [(String, String?)])
    func versions(text: String, normalized: String?) {
        #expect(DeployTool.normalizedVersion(text) == normalized)
    }

    @Test func deployFormAnswers() throws {
        #expect(try DeployTool.parse(["environment": "production", "version": "1.2.3"]).get()
            == .init(environment: "production", version: "v1.2.3", notify: true))
        #expect(try DeployTool.parse(["environment": "staging", "version": "v2.0.0", "notify": false]).get().notify == false)
        #expect((try? DeployTool.parse(["environment": "moon", "version": "1.2.3"]).get()) == nil)
        #expect((try? DeployTool.parse(["environment": "staging", "version": "latest"]).get()) == nil)
        #expect((try? DeployTool.parse([:]).get()) == nil)
    }

    @Test(arguments: [0, 1, 3, 64])
    func reportHasTheExactSize(kilobytes: Int) {
        let text = GenerateReportTool.text(kilobytes: kilobytes)
        #expect(text.utf8.count == kilobytes * 1024)
        #expect(text.split(separator: "\n").allSatisfy { $0.utf8.count == 63 })
        if kilobytes == 1 { #expect(text.hasPrefix("000001  Revenue grew")) }
    }
}
