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

    @Sendable func create(_ request: Request, context: Context) async throws -> JSONBody<DemoUserResponse> {
        let body = try await request.decode(as: DemoUserRequest.self, limit: 16 * 1024)
        let name = body.fullName.trimmingCharacters(in: .whitespaces)
        let email = body.email.lowercased()
        let channel = body.preferredChannel ?? .email
        let scenario = body.scenario ?? .banking

        let digits = String(format: "%06d", Int.random(in: 0..<1_000_000))
        let ssn = String(format: "%04d", Int.random(in: 0..<10_000))
        let card = String(format: "%04d", Int.random(in: 1000..<10_000))
        var profile = DemoClients.profile(name: name, ssn: ssn, id: "CLT-\(digits)", card: card, email: email).object ?? [:]
        if let phone = body.phoneNumber { profile["phone_number"] = .string(phone) }
        if let company = body.insuranceCompanyName, scenario == .insurance { profile["institution_name"] = .string(company) }
        let now = Date()
        let phone = profile["phone_number"]?.string
        let response = DemoUserResponse(
            entryID: "demo-entry-\(digits)", expiresAt: now.addingTimeInterval(86_400).ISO8601Format(),
            profile: .init(
                clientID: profile["client_id"]?.string, fullName: name, email: email, phoneNumber: phone,
                relationshipTier: profile["relationship_tier"]?.string, createdAt: now.ISO8601Format(),
                institutionName: profile["institution_name"]?.string,
                verificationCodes: .init(ssnLast4: ssn, mfaCode: profile["mfa_code"]?.string),
                contactInfo: .init(email: email, phone: phone, preferredChannel: channel)),
            transactions: scenario == .banking ? profile["transactions"]?.array ?? [] : nil,
            policies: scenario == .insurance ? profile["policies"]?.array ?? [] : nil,
            interactionPlan: .init(primaryChannel: channel, notificationMessage: "Your demo profile is ready.", mfaRequired: true),
            sessionID: body.sessionID, scenario: scenario, safetyNotice: "Synthetic data for demonstrations only; it expires in 24 hours.")
        try await self.clients.store(.object(profile), ttl: Self.ttl)
        try await self.clients.redis.set(RedisKeys.demoUser(email), to: .string(response.jsonText), expiration: Self.ttl)
        if let sessionID = body.sessionID { try await self.attach(response.profile, to: sessionID) }
        return JSONBody(response, status: .created)
    }

    @Sendable func lookup(_ request: Request, context: Context) async throws -> JSONBody<DemoUserResponse> {
        guard let email = request.uri.queryParameters["email"].map({ String($0).lowercased() }), !email.isEmpty else {
            throw ProblemDetails(
                status: .unprocessableContent, detail: "email is required.", errors: [.init(field: "email", message: "is required")])
        }
        guard let text = try await self.clients.redis.get(RedisKeys.demoUser(email)),
            let response = try? JSONDecoder().decode(DemoUserResponse.self, from: Data(text.utf8))
        else {
            throw ProblemDetails(status: .notFound, detail: "No demo user with e-mail \(email)")
        }
        if let sessionID = request.uri.queryParameters["session_id"].map(String.init) {
            try await self.attach(response.profile, to: sessionID)
        }
        return JSONBody(response)
    }

    /// Puts the profile into the session's values, so agents greet and serve the caller by name.
    private func attach(_ profile: DemoUserResponse.Profile, to sessionID: String) async throws {
        var state = try await self.store.load(sessionID) ?? SessionState(sessionID: sessionID)
        state.values["session_profile"] = try JSONValue(encoding: profile)
        state.values["caller_name"] = .string(profile.fullName)
        state.values["client_id"] = profile.clientID.map(JSONValue.string) ?? nil
        state.values["user_email"] = .string(profile.email)
        state.values["institution_name"] = profile.institutionName.map(JSONValue.string) ?? nil
        state.values["relationship_tier"] = profile.relationshipTier.map(JSONValue.string) ?? nil
        try await self.store.save(state)
    }
}
