import MCPTaskCore

/// `deploy`: asks where and what to deploy (a form elicitation), then walks through the steps.
enum DeployTool {
    static let tool = ServerTool(
        name: "deploy",
        title: "Deploy a service",
        description: """
        Ships a service to staging or production. It first asks you which environment and which version \
        (a short form), then builds, uploads and switches traffic over, telling you about each step as it \
        goes. Say no to the form and nothing is deployed. Needs a client that can answer questions.
        """,
        inputSchema: DemoTools.objectSchema([
            "service": ["type": "string", "description": "The service to deploy.", "default": "web", "minLength": 1],
        ]),
        taskSupport: .required,
        annotations: ["destructiveHint": false, "openWorldHint": false],
        run: run)

    /// The form: environment (titled single-select enum), version, notify.
    static let form: JSONValue = [
        "type": "object",
        "properties": [
            "environment": [
                "type": "string", "title": "Environment", "description": "Where the release goes.",
                "oneOf": [["const": "staging", "title": "Staging"], ["const": "production", "title": "Production"]],
                "default": "staging",
            ],
            "version": [
                "type": "string", "title": "Version", "description": "The release to deploy, like v1.2.3.",
                "pattern": "^v?\\d+\\.\\d+\\.\\d+$", "minLength": 5, "maxLength": 32,
            ],
            "notify": ["type": "boolean", "title": "Notify the team", "description": "Post a note in the team channel when done.", "default": true],
        ],
        "required": ["environment", "version"],
    ]

    static func run(_ arguments: JSONObject, _ context: ToolContext) async throws -> JSONValue {
        let service = arguments["service"]?.stringValue ?? "web"
        var problem: String?
        for _ in 1...3 {
            let message = (problem.map { "\($0) " } ?? "") + "Deploy \(service): which environment and version?"
            let answer = try await context.elicit(message: message, requestedSchema: form,
                                                  statusMessage: "Waiting for the deployment details of \(service)…")
            switch answer.action {
            case .decline:
                return ServerTool.textResult("Deployment cancelled: you declined, so \(service) was not deployed.")
            case .cancel:
                return ServerTool.textResult("Deployment cancelled: the question was dismissed, so \(service) was not deployed.")
            case .accept:
                switch parse(answer.content) {
                case .failure(let why):
                    problem = why.message
                case .success(let plan):
                    return try await deploy(service: service, plan: plan, context: context)
                }
            }
        }
        return ServerTool.textResult("Deployment cancelled: no usable answer after 3 tries (\(problem ?? "")).")
    }

    struct Plan: Equatable {
        var environment: String
        var version: String
        var notify: Bool
    }

    struct Invalid: Error { let message: String }

    static func parse(_ content: JSONObject) -> Result<Plan, Invalid> {
        guard let environment = content["environment"]?.stringValue, ["staging", "production"].contains(environment) else {
            return .failure(Invalid(message: "Please pick staging or production."))
        }
        guard let raw = content["version"]?.stringValue, let version = normalizedVersion(raw) else {
            return .failure(Invalid(message: "The version must look like 1.2.3 or v1.2.3."))
        }
        let notify: Bool
        switch content["notify"] {
        case .bool(let b)?: notify = b
        case .string(let s)?: notify = s.lowercased() != "false"
        default: notify = true
        }
        return .success(Plan(environment: environment, version: version, notify: notify))
    }

    /// `1.2.3` or `v1.2.3` (the form's pattern `^v?\d+\.\d+\.\d+$`) as `v1.2.3`; nil otherwise.
    static func normalizedVersion(_ text: String) -> String? {
        let bare = text.hasPrefix("v") ? text.dropFirst() : Substring(text)
        let parts = bare.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }) else {
            return nil
        }
        return "v" + bare
    }

    static func deploy(service: String, plan: Plan, context: ToolContext) async throws -> JSONValue {
        let steps = [
            "Building \(service) \(plan.version)…",
            "Uploading \(service) \(plan.version) to \(plan.environment)…",
            "Switching traffic to \(plan.version) in \(plan.environment)…",
        ]
        for step in steps {
            await context.setStatus(step)
            try await DemoTools.pause(milliseconds: 400)
        }
        let tail = plan.notify ? "team notified." : "nobody was notified."
        return ServerTool.textResult(
            "Deployed \(service) \(plan.version) to \(plan.environment); \(tail)",
            structured: ["service": .string(service), "environment": .string(plan.environment),
                         "version": .string(plan.version), "notified": .bool(plan.notify)])
    }
}
