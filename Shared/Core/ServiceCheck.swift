import SwitchboardRedis

/// The outcome of one readiness check, in the shape of the Python backend's `ServiceCheck`.
package struct ServiceCheck: Sendable, Codable, Hashable {
    package enum Status: String, Sendable, Codable, Hashable, CaseIterable {
        case healthy, unhealthy, degraded
    }

    package var component: String
    package var status: Status
    package var checkTimeMS: Double
    package var error: String?
    package var details: String?

    package init(component: String, status: Status, checkTimeMS: Double, error: String? = nil, details: String? = nil) {
        self.component = component
        self.status = status
        self.checkTimeMS = checkTimeMS
        self.error = error
        self.details = details
    }

    enum CodingKeys: String, CodingKey {
        case component, status, error, details
        case checkTimeMS = "check_time_ms"
    }
}

/// A named readiness probe: returns details when healthy, throws (or reports degraded) otherwise.
///
/// ```swift
/// let redisCheck = ReadinessCheck("redis") { try await redis.ping(timeout: .milliseconds(500)) }
/// ```
package struct ReadinessCheck: Sendable {
    /// What a probe found: healthy or degraded, with details for operators.
    package struct Outcome: Sendable {
        package var status: ServiceCheck.Status
        package var details: String?

        package static func healthy(_ details: String? = nil) -> Outcome { Outcome(status: .healthy, details: details) }
        package static func degraded(_ details: String) -> Outcome { Outcome(status: .degraded, details: details) }
        package static func unhealthy(_ details: String) -> Outcome { Outcome(status: .unhealthy, details: details) }
    }

    package let component: String
    private let probe: @Sendable () async throws -> Outcome

    package init(_ component: String, probe: @escaping @Sendable () async throws -> Outcome) {
        self.component = component
        self.probe = probe
    }

    /// Runs the probe, bounded by `timeout`; a throw or a time-out is `unhealthy` with the reason.
    package func run(timeout: Duration = .seconds(1)) async -> ServiceCheck {
        let start = ContinuousClock.now
        let result: Result<Outcome, any Error> = await withTimeout(timeout) { try await self.probe() }
        let rounded = start.elapsedMilliseconds
        switch result {
        case .success(let outcome):
            return ServiceCheck(
                component: self.component, status: outcome.status, checkTimeMS: rounded,
                error: outcome.status == .unhealthy ? outcome.details : nil,
                details: outcome.status == .unhealthy ? nil : outcome.details
            )
        case .failure(let error):
            return ServiceCheck(component: self.component, status: .unhealthy, checkTimeMS: rounded, error: "\(Self.describe(error))")
        }
    }

    /// Runs all checks at once and returns them in the given order.
    package static func runAll(_ checks: [ReadinessCheck], timeout: Duration = .seconds(1)) async -> [ServiceCheck] {
        await withTaskGroup(of: (Int, ServiceCheck).self) { group in
            for (index, check) in checks.enumerated() {
                group.addTask { (index, await check.run(timeout: timeout)) }
            }
            var results = [ServiceCheck?](repeating: nil, count: checks.count)
            for await (index, result) in group { results[index] = result }
            return results.compactMap { $0 }
        }
    }

    private static func describe(_ error: any Error) -> String {
        if let error = error as? SwitchboardRedis.RedisError { return error.message.isEmpty ? error.description : error.message }
        if error is TimeoutError { return "timed out" }
        return "\(error)"
    }
}
