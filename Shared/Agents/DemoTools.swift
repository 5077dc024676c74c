import Foundation
import SwitchboardCore
import SwitchboardRedis

/// The demo tools the shipped banking and insurance agents use, working on ``DemoClients``.
///
/// Deterministic: the same inputs give the same answers, so scripted conversations can be tested.
package enum DemoTools {
    package static func all(clients: DemoClients) -> [ToolDefinition] {
        self.identity(clients) + self.banking(clients) + self.fraud(clients) + self.insurance(clients) + self.calls()
    }

    static func failure(_ message: String) -> JSONValue { ["success": false, "message": .string(message)] }

    /// The client id from the arguments, else the session's.
    static func clientID(_ arguments: [String: JSONValue], _ context: ToolContext) -> String? {
        let id = arguments["client_id"]?.string ?? context.values["client_id"]?.string
        return (id?.isEmpty ?? true) ? nil : id
    }

    static func withClient(
        _ clients: DemoClients, _ arguments: [String: JSONValue], _ context: ToolContext,
        _ body: (String, JSONValue) async throws -> JSONValue
    ) async throws -> JSONValue {
        guard let id = self.clientID(arguments, context) else { return self.failure("The caller is not verified yet.") }
        guard let client = try await clients.client(id) else { return self.failure("No client \(id).") }
        return try await body(id, client)
    }

    private static func identity(_ clients: DemoClients) -> [ToolDefinition] {
        [
            ToolDefinition(
                name: "verify_client_identity", description: "Verify the caller by full name and the last four digits of their SSN.",
                parameters: ToolDefinition.schema(
                    ["full_name": ("string", "Caller's full name"), "ssn_last_4": ("string", "Last four SSN digits")],
                    required: ["full_name", "ssn_last_4"]), tags: ["auth"]
            ) { arguments, _ in
                let name = arguments["full_name"]?.string ?? ""
                let ssn = (arguments["ssn_last_4"]?.string ?? "").filter(\.isNumber)
                guard let id = try await clients.clientID(named: name), let client = try await clients.client(id),
                    client["ssn_last4"]?.string == ssn
                else { return self.failure("Those details do not match our records.") }
                let caller = client["full_name"] ?? .string(name)
                return [
                    "success": true, "client_id": .string(id), "caller_name": caller,
                    "slots": ["client_id": .string(id), "caller_name": caller, "verified": true],
                ]
            },
            ToolDefinition(
                name: "send_mfa_code", description: "Send a one-time code to the verified caller by sms or email.",
                parameters: ToolDefinition.schema(
                    ["client_id": ("string", "Client id"), "method": ("string", "sms or email")], required: ["client_id"]),
                tags: ["auth"]
            ) { arguments, context in
                try await self.withClient(clients, arguments, context) { _, _ in
                    let method = arguments["method"]?.string ?? "sms"
                    return ["success": true, "method": .string(method), "message": .string("A six-digit code was sent by \(method).")]
                }
            },
            ToolDefinition(
                name: "verify_mfa_code", description: "Check the one-time code the caller read back.",
                parameters: ToolDefinition.schema(
                    ["client_id": ("string", "Client id"), "code": ("string", "Six digits")], required: ["client_id", "code"]),
                tags: ["auth"]
            ) { arguments, context in
                try await self.withClient(clients, arguments, context) { _, client in
                    let code = (arguments["code"]?.string ?? "").filter(\.isNumber)
                    guard code == client["mfa_code"]?.string else { return self.failure("That code is not right.") }
                    return ["success": true, "slots": ["mfa_verified": true]]
                }
            },
        ]
    }

    private static func banking(_ clients: DemoClients) -> [ToolDefinition] {
        let idOnly = ToolDefinition.schema(["client_id": ("string", "Client id")], required: ["client_id"])
        return [
            ToolDefinition(name: "get_user_profile", description: "The caller's profile.", parameters: idOnly, tags: ["banking"]) {
                arguments, context in
                try await self.withClient(clients, arguments, context) { _, client in
                    [
                        "success": true, "full_name": client["full_name"] ?? nil, "relationship_tier": client["relationship_tier"] ?? nil,
                        "email": client["email"] ?? nil,
                    ]
                }
            },
            ToolDefinition(
                name: "get_account_summary", description: "Balances of the caller's accounts.", parameters: idOnly, tags: ["banking"]
            ) {
                arguments, context in
                try await self.withClient(clients, arguments, context) { _, client in
                    let accounts = client["accounts"]?.array ?? []
                    let checking = accounts.first { $0["type"]?.string == "checking" }?["balance"] ?? 0
                    let savings = accounts.first { $0["type"]?.string == "savings" }?["balance"] ?? 0
                    return ["success": true, "accounts": .array(accounts), "checking_balance": checking, "savings_balance": savings]
                }
            },
            ToolDefinition(
                name: "get_recent_transactions", description: "The caller's latest card transactions.",
                parameters: ToolDefinition.schema(
                    ["client_id": ("string", "Client id"), "limit": ("integer", "How many")], required: ["client_id"]),
                tags: ["banking"]
            ) { arguments, context in
                try await self.withClient(clients, arguments, context) { _, client in
                    let limit = arguments["limit"]?.int ?? 5
                    let transactions = Array((client["transactions"]?.array ?? []).suffix(limit).reversed())
                    return [
                        "success": true, "count": .number(Double(transactions.count)), "transactions": .array(transactions),
                        "latest_merchant": transactions.first?["merchant"] ?? nil,
                    ]
                }
            },
            ToolDefinition(
                name: "search_card_products", description: "Credit cards that fit the caller's preferences.",
                parameters: ToolDefinition.schema(
                    ["preferences": ("string", "What the caller wants: travel, cash back, low rate")], required: ["preferences"]),
                tags: ["banking"]
            ) { arguments, _ in
                let preference = (arguments["preferences"]?.string ?? "").lowercased()
                let card: JSONValue =
                    preference.contains("travel")
                    ? [
                        "product_id": "travel-rewards", "name": "Contoso Travel Rewards", "annual_fee": 95,
                        "highlight": "3x points on travel, no foreign fees",
                    ]
                    : preference.contains("rate") || preference.contains("interest")
                        ? ["product_id": "low-rate", "name": "Contoso Low Rate", "annual_fee": 0, "highlight": "a low ongoing APR"]
                        : [
                            "product_id": "cash-back", "name": "Contoso Cash Back", "annual_fee": 0,
                            "highlight": "2% cash back on everything",
                        ]
                return [
                    "success": true, "recommended": card, "card_name": card["name"] ?? nil, "product_id": card["product_id"] ?? nil,
                    "slots": ["card_product_id": card["product_id"] ?? nil],
                ]
            },
            ToolDefinition(
                name: "evaluate_card_eligibility", description: "Whether the caller qualifies for a card product.",
                parameters: ToolDefinition.schema(
                    ["client_id": ("string", "Client id"), "card_product_id": ("string", "Product id")],
                    required: ["client_id", "card_product_id"]),
                tags: ["banking"]
            ) { arguments, context in
                try await self.withClient(clients, arguments, context) { _, client in
                    [
                        "success": true, "eligible": true, "card_product_id": arguments["card_product_id"] ?? "cash-back",
                        "credit_limit": client["relationship_tier"]?.string == "Platinum" ? 15000 : 8000,
                    ]
                }
            },
            ToolDefinition(
                name: "get_retirement_accounts", description: "The caller's retirement accounts.", parameters: idOnly, tags: ["investments"]
            ) {
                arguments, context in
                try await self.withClient(clients, arguments, context) { _, client in
                    let accounts = client["retirement"]?.array ?? []
                    return ["success": true, "accounts": .array(accounts), "balance": accounts.first?["balance"] ?? 0]
                }
            },
        ]
    }

    private static func fraud(_ clients: DemoClients) -> [ToolDefinition] {
        [
            ToolDefinition(
                name: "analyze_recent_transactions", description: "Flag transactions that look unusual.",
                parameters: ToolDefinition.schema(["client_id": ("string", "Client id")], required: ["client_id"]), tags: ["fraud"]
            ) { arguments, context in
                try await self.withClient(clients, arguments, context) { _, client in
                    let flagged = (client["transactions"]?.array ?? []).filter { ($0["risk_score"]?.number ?? 0) > 0.5 }
                    return [
                        "success": true, "suspicious_count": .number(Double(flagged.count)), "suspicious": .array(flagged),
                        "top_merchant": flagged.first?["merchant"] ?? nil, "top_amount": flagged.first?["amount"] ?? nil,
                    ]
                }
            },
            ToolDefinition(
                name: "block_card_emergency", description: "Block the caller's card at once (lost, stolen or fraud).",
                parameters: ToolDefinition.schema(
                    [
                        "client_id": ("string", "Client id"), "reason": ("string", "lost, stolen or fraud"),
                        "card_last4": ("string", "Card, if several"),
                    ],
                    required: ["client_id", "reason"]), tags: ["fraud"]
            ) { arguments, context in
                guard let id = self.clientID(arguments, context) else { return self.failure("The caller is not verified yet.") }
                var blocked: String?
                let updated = try await clients.update(id) { client in
                    var cards = client["cards"]?.array ?? []
                    let wanted = arguments["card_last4"]?.string
                    if let index = cards.firstIndex(where: { wanted == nil || $0["last4"]?.string == wanted }) ?? cards.indices.first,
                        case .object(var card) = cards[index]
                    {
                        card["status"] = "blocked"
                        blocked = card["last4"]?.string
                        cards[index] = .object(card)
                    }
                    client["cards"] = .array(cards)
                }
                guard updated != nil, let blocked else { return self.failure("No card to block.") }
                try await self.record(clients, "card_blocked", id, arguments)
                return [
                    "success": true, "card_last4": .string(blocked), "status": "blocked", "reason": arguments["reason"] ?? "lost",
                    "slots": ["card_blocked": true, "card_last4": .string(blocked)],
                ]
            },
            ToolDefinition(
                name: "ship_replacement_card", description: "Ship a replacement for a blocked card.",
                parameters: ToolDefinition.schema(
                    ["client_id": ("string", "Client id"), "expedited": ("boolean", "Express shipping")], required: ["client_id"]),
                tags: ["fraud"]
            ) { arguments, context in
                try await self.withClient(clients, arguments, context) { id, client in
                    let expedited = arguments["expedited"]?.bool ?? false
                    let number = "1Z\(id.filter(\.isNumber))\(expedited ? "EX" : "ST")"
                    let last4 =
                        (client["cards"]?.array?.first?["last4"]?.string).map {
                            String(($0.compactMap(\.wholeNumberValue).reduce(0, +) * 1117) % 9000 + 1000)
                        } ?? "0000"
                    try await self.record(clients, "replacement_shipped", id, arguments)
                    return [
                        "success": true, "expedited": .bool(expedited), "delivery_days": .number(expedited ? 2 : 5),
                        "tracking_number": .string(number), "new_card_last4": .string(last4),
                    ]
                }
            },
            ToolDefinition(
                name: "create_fraud_case", description: "Open a fraud case for disputed transactions.",
                parameters: ToolDefinition.schema(
                    [
                        "client_id": ("string", "Client id"), "dispute_reason": ("string", "What happened"),
                        "transaction_ids": ("array", "Disputed transactions"),
                    ],
                    required: ["client_id", "dispute_reason"]), tags: ["fraud"]
            ) { arguments, context in
                try await self.withClient(clients, arguments, context) { id, _ in
                    let reason = (arguments["dispute_reason"]?.string ?? "").unicodeScalars.reduce(7) { ($0 &* 31 &+ Int($1.value)) % 900 }
                    let caseID = "FRD-\(id.filter(\.isNumber))-\(reason + 100)"
                    try await self.record(clients, "fraud_case", id, arguments)
                    return ["success": true, "case_id": .string(caseID), "status": "open", "provisional_credit": true]
                }
            },
        ]
    }

    private static func insurance(_ clients: DemoClients) -> [ToolDefinition] {
        [
            ToolDefinition(
                name: "list_user_policies", description: "The caller's insurance policies.",
                parameters: ToolDefinition.schema(["client_id": ("string", "Client id")], required: ["client_id"]), tags: ["insurance"]
            ) { arguments, context in
                try await self.withClient(clients, arguments, context) { _, client in
                    let policies = client["policies"]?.array ?? []
                    let summary = policies.compactMap { $0["type"]?.string }.joined(separator: " and ")
                    return [
                        "success": true, "policies": .array(policies), "summary": .string(summary),
                        "slots": ["policy_id": policies.first?["policy_number"] ?? nil],
                    ]
                }
            },
            ToolDefinition(
                name: "get_policy_details", description: "One policy's details.",
                parameters: ToolDefinition.schema(["policy_number": ("string", "Policy number")], required: ["policy_number"]),
                tags: ["insurance"]
            ) { arguments, context in
                try await self.withClient(clients, arguments, context) { _, client in
                    let number = arguments["policy_number"]?.string ?? context.values["policy_id"]?.string
                    guard let policy = client["policies"]?.array?.first(where: { $0["policy_number"]?.string == number }) else {
                        return self.failure("No policy \(number ?? "").")
                    }
                    return ["success": true, "policy": policy]
                }
            },
            ToolDefinition(
                name: "check_coverage", description: "Whether the caller's policies cover something.",
                parameters: ToolDefinition.schema(
                    ["client_id": ("string", "Client id"), "coverage_type": ("string", "collision, comprehensive, liability, roadside…")],
                    required: ["client_id", "coverage_type"]), tags: ["insurance"]
            ) { arguments, context in
                try await self.withClient(clients, arguments, context) { _, client in
                    let wanted = (arguments["coverage_type"]?.string ?? "").lowercased()
                    let policy = client["policies"]?.array?.first { $0["coverages"]?.array?.contains(.string(wanted)) == true }
                    return [
                        "success": true, "coverage_type": .string(wanted), "covered": .bool(policy != nil),
                        "policy_number": policy?["policy_number"] ?? nil, "deductible": policy?["deductible"] ?? nil,
                    ]
                }
            },
            ToolDefinition(
                name: "record_fnol", description: "Record a first notice of loss (a new claim).",
                parameters: ToolDefinition.schema(
                    [
                        "policy_id": ("string", "Policy"), "caller_name": ("string", "Caller"),
                        "incident_description": ("string", "What happened"),
                        "loss_date": ("string", "When"), "loss_location": ("string", "Where"),
                    ],
                    required: ["incident_description"]), tags: ["insurance"]
            ) { arguments, context in
                let seed = (arguments["incident_description"]?.string ?? "").unicodeScalars.reduce(7) {
                    ($0 &* 31 &+ Int($1.value)) % 100_000
                }
                let claim = "CLM-\(String(format: "%05d", seed))"
                try await self.record(clients, "fnol", self.clientID(arguments, context) ?? "unknown", arguments)
                return [
                    "success": true, "claim_number": .string(claim), "status": "open",
                    "next_step": "An adjuster will call within one business day.",
                    "slots": ["claim_number": .string(claim)],
                ]
            },
        ]
    }

    private static func calls() -> [ToolDefinition] {
        [
            ToolDefinition(
                name: "escalate_human", description: "Hand the caller to a human agent.",
                parameters: ToolDefinition.schema(["reason": ("string", "Why")], required: ["reason"]), tags: ["escalation"]
            ) { arguments, _ in
                [
                    "success": true, "queue": "general", "estimated_wait_minutes": 3, "reason": arguments["reason"] ?? "",
                    "call_action": "transfer", "destination": "human_agent",
                ]
            },
            ToolDefinition(
                name: "transfer_call", description: "Transfer the call to a phone number or queue.",
                parameters: ToolDefinition.schema(
                    ["destination": ("string", "Number or queue"), "reason": ("string", "Why")], required: ["destination"]),
                tags: ["call"]
            ) { arguments, _ in
                [
                    "success": true, "call_action": "transfer", "destination": arguments["destination"] ?? "",
                    "reason": arguments["reason"] ?? "",
                ]
            },
            ToolDefinition(
                name: "end_call", description: "End the call after saying goodbye.",
                parameters: ToolDefinition.schema(["reason": ("string", "Why")]), tags: ["call"]
            ) { arguments, _ in
                ["success": true, "call_action": "hangup", "reason": arguments["reason"] ?? "completed"]
            },
        ]
    }

    /// Appends what a tool did to the demo activity stream (for dashboards and audits).
    static func record(_ clients: DemoClients, _ kind: String, _ clientID: String, _ arguments: [String: JSONValue]) async throws {
        try await clients.redis.xadd(
            RedisKeys.demoActivity,
            fields: [
                ("kind", .string(kind)), ("client_id", .string(clientID)), ("arguments", .string(JSONValue.object(arguments).jsonText)),
            ],
            maxLength: 10_000
        )
    }
}
