import Foundation
import Hummingbird
import SwitchboardAPI
import SwitchboardAgents
import SwitchboardCore
import SwitchboardRedis
import SwitchboardService

/// `/api/v1/demo-env/temporary-user`: synthetic demo customers (docs/compatibility.md §1.9), kept in Redis for 24 h
/// (docs/compatibility.md #18). A created user can verify by voice with the name and SSN digits returned.
struct DemoEnvironmentController<Context: RequestContext>: Sendable {
    let clients: DemoClients
    let store: SessionStore
    static var ttl: Duration { .seconds(86_400) }

    var endpoints: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.on(AgentsAPI.createDemoUser, use: self.create)
        routes.on(AgentsAPI.getDemoUser, use: self.lookup)
        return routes
    }

    @Sendable func create(_ request: Request, context: Context) async throws -> JSONResponse {
        let body = try await request.decode(as: DemoUserRequest.self, limit: 16 * 1024)
        let name = body.fullName.trimmingCharacters(in: .whitespaces)
        let email = body.email.lowercased()
        let phone = body.phoneNumber
        let channel = (body.preferredChannel ?? .email).rawValue
        let sessionID = body.sessionID
        let scenario = (body.scenario ?? .banking).rawValue

        let digits = String(format: "%06d", Int.random(in: 0..<1_000_000))
        let ssn = String(format: "%04d", Int.random(in: 0..<10_000))
        let card = String(format: "%04d", Int.random(in: 1000..<10_000))
        var profile = DemoClients.profile(name: name, ssn: ssn, id: "CLT-\(digits)", card: card, email: email).object ?? [:]
        if let phone { profile["phone_number"] = .string(phone) }
        if let company = body.insuranceCompanyName, scenario == "insurance" { profile["institution_name"] = .string(company) }
        let now = Date()
        let expires = now.addingTimeInterval(86_400)
        let response: JSONValue = [
            "entry_id": .string("demo-entry-\(digits)"), "expires_at": .string(expires.ISO8601Format()),
            "profile": [
                "client_id": profile["client_id"] ?? nil, "full_name": .string(name), "email": .string(email),
                "phone_number": profile["phone_number"] ?? nil, "relationship_tier": profile["relationship_tier"] ?? nil,
                "created_at": .string(now.ISO8601Format()), "institution_name": profile["institution_name"] ?? nil,
                "verification_codes": ["ssn_last4": .string(ssn), "mfa_code": profile["mfa_code"] ?? nil],
                "contact_info": ["email": .string(email), "phone": profile["phone_number"] ?? nil, "preferred_channel": .string(channel)],
            ],
            "transactions": scenario == "banking" ? profile["transactions"] ?? [] : nil,
            "policies": scenario == "insurance" ? profile["policies"] ?? [] : nil,
            "interaction_plan": [
                "primary_channel": .string(channel), "fallback_channel": .string(channel == "email" ? "sms" : "email"),
                "notification_message": "Your demo profile is ready.", "mfa_required": true,
            ],
            "session_id": sessionID.map(JSONValue.string) ?? nil, "scenario": .string(scenario),
            "safety_notice": "Synthetic data for demonstrations only; it expires in 24 hours.",
        ]
        try await self.clients.store(.object(profile), ttl: Self.ttl)
        try await self.clients.redis.set(RedisKeys.demoUser(email), to: .string(response.jsonText), expiration: Self.ttl)
        if let sessionID { try await self.attach(response, to: sessionID) }
        return JSONResponse(response, status: .created)
    }

    @Sendable func lookup(_ request: Request, context: Context) async throws -> JSONResponse {
        guard let email = request.uri.queryParameters["email"].map({ String($0).lowercased() }), !email.isEmpty else {
            throw ProblemDetails(
                status: .unprocessableContent, detail: "email is required.", errors: [.init(field: "email", message: "is required")])
        }
        guard let response = try await self.clients.redis.get(RedisKeys.demoUser(email)).flatMap({ JSONValue(jsonText: $0) }) else {
            throw ProblemDetails(status: .notFound, detail: "No demo user with e-mail \(email)")
        }
        if let sessionID = request.uri.queryParameters["session_id"].map(String.init) { try await self.attach(response, to: sessionID) }
        return JSONResponse(response)
    }

    /// Puts the profile into the session's values, so agents greet and serve the caller by name.
    private func attach(_ response: JSONValue, to sessionID: String) async throws {
        var state = try await self.store.load(sessionID) ?? SessionState(sessionID: sessionID)
        state.values["session_profile"] = response["profile"] ?? nil
        state.values["caller_name"] = response["profile"]?["full_name"] ?? nil
        state.values["client_id"] = response["profile"]?["client_id"] ?? nil
        state.values["user_email"] = response["profile"]?["email"] ?? nil
        state.values["institution_name"] = response["profile"]?["institution_name"] ?? nil
        state.values["relationship_tier"] = response["profile"]?["relationship_tier"] ?? nil
        try await self.store.save(state)
    }
}
