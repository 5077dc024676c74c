import Foundation
import SwitchboardCore
import SwitchboardRedis

/// Synthetic banking and insurance customers the demo tools work on, kept in Redis so every
/// process sees the same state (a blocked card stays blocked whichever worker runs the next turn).
///
/// Three profiles are seeded deterministically; demo users created through
/// `/api/v1/demo-env/temporary-user` are added the same way.
package struct DemoClients: Sendable {
    package let redis: RedisClient

    package init(redis: RedisClient) {
        self.redis = redis
    }

    /// The seeded customers: (full name, SSN last four, client id, card last four, e-mail).
    package static let seeds: [(name: String, ssn: String, id: String, card: String, email: String)] = [
        ("Jane Doe", "1234", "CLT-1001", "4821", "jane.doe@example.com"),
        ("John Smith", "5678", "CLT-1002", "9154", "john.smith@example.com"),
        ("Maria Garcia", "2468", "CLT-1003", "3307", "maria.garcia@example.com"),
    ]

    /// Writes the seeded customers unless they exist (NX), so restarts keep their state.
    package func seed() async throws {
        for seed in Self.seeds {
            let profile = Self.profile(name: seed.name, ssn: seed.ssn, id: seed.id, card: seed.card, email: seed.email)
            try await self.store(profile, onlyIfNew: true)
        }
    }

    /// Saves a client (and indexes its name); `ttl` for temporary demo users.
    package func store(_ profile: JSONValue, onlyIfNew: Bool = false, ttl: Duration? = nil) async throws {
        guard let id = profile["client_id"]?.string, let name = profile["full_name"]?.string else { return }
        let written = try await self.redis.set(
            RedisKeys.demoClient(id), to: .string(profile.jsonText), expiration: ttl, condition: onlyIfNew ? .ifNotExists : .always
        )
        if written { try await self.redis.hset(RedisKeys.demoClientsByName, [(name.lowercased(), .string(id))]) }
    }

    package func client(_ id: String) async throws -> JSONValue? {
        try await self.redis.get(RedisKeys.demoClient(id)).flatMap { JSONValue(jsonText: $0) }
    }

    package func clientID(named name: String) async throws -> String? {
        try await self.redis.hget(RedisKeys.demoClientsByName, name.lowercased())
    }

    /// Reads, changes and writes one client's state.
    package func update(_ id: String, _ change: (inout [String: JSONValue]) -> Void) async throws -> JSONValue? {
        guard var object = try await self.client(id)?.object else { return nil }
        change(&object)
        let updated = JSONValue.object(object)
        try await self.redis.set(RedisKeys.demoClient(id), to: .string(updated.jsonText))
        return updated
    }

    /// A complete synthetic profile; everything derives from the inputs, so it is deterministic.
    package static func profile(name: String, ssn: String, id: String, card: String, email: String) -> JSONValue {
        let seed = id.unicodeScalars.reduce(0) { ($0 &* 31 &+ Int($1.value)) & 0xFFFF }
        let checking = Double(2000 + seed % 8000) + 0.42
        let savings = Double(10000 + (seed * 7) % 40000) + 0.15
        let merchants = [
            ("Corner Grocery", 64.18, "groceries"), ("City Transit", 2.75, "transport"), ("Streamly", 15.99, "subscriptions"),
            ("Hotel Lisboa", 412.00, "travel"), ("Fuel Stop", 48.30, "fuel"),
        ]
        let transactions: [JSONValue] = merchants.enumerated().map { index, merchant in
            [
                "transaction_id": .string("TXN-\(id.suffix(4))-\(index + 1)"), "merchant": .string(merchant.0),
                "amount": .number(merchant.1), "category": .string(merchant.2), "card_last4": .string(card),
                "timestamp": .string("2026-11-\(String(format: "%02d", 10 + index))T14:\(10 + index):00Z"),
                "risk_score": .number(merchant.0 == "Hotel Lisboa" ? 0.82 : 0.05 + Double(index) / 100),
                "location": [
                    "city": .string(merchant.0 == "Hotel Lisboa" ? "Lisbon" : "Seattle"),
                    "is_international": .bool(merchant.0 == "Hotel Lisboa"),
                ],
            ]
        }
        let first = name.split(separator: " ").first.map(String.init) ?? name
        return [
            "client_id": .string(id), "full_name": .string(name), "first_name": .string(first), "ssn_last4": .string(ssn),
            "email": .string(email), "phone_number": "+15555550100", "relationship_tier": .string(seed % 2 == 0 ? "Gold" : "Platinum"),
            "institution_name": "Contoso Bank", "mfa_code": .string(String(format: "%06d", (seed * 9301 + 49297) % 1_000_000)),
            "accounts": [
                ["type": "checking", "last4": .string(String(format: "%04d", seed % 10000)), "balance": .number(checking)],
                ["type": "savings", "last4": .string(String(format: "%04d", (seed * 3) % 10000)), "balance": .number(savings)],
            ],
            "retirement": [["type": "401k", "provider": "Contoso Retirement", "balance": .number(Double(50000 + seed % 90000))]],
            "cards": [["last4": .string(card), "type": "debit", "status": "active"]],
            "transactions": .array(transactions),
            "policies": [
                [
                    "policy_number": .string("POL-\(id.suffix(4))-AUTO"), "type": "auto", "status": "active",
                    "coverages": ["collision", "comprehensive", "liability"], "deductible": 500,
                ],
                [
                    "policy_number": .string("POL-\(id.suffix(4))-HOME"), "type": "home", "status": "active",
                    "coverages": ["dwelling", "personal_property", "liability"], "deductible": 1000,
                ],
            ],
        ]
    }
}
