import Logging
import Metrics
import SwitchboardCore
import SwitchboardRedis

/// A token bucket per client in Redis, as GCRA (the generic cell rate algorithm): one key per
/// client holds the time its bucket is next full; one script call per request, on Redis's clock,
/// so every gateway replica shares the limit. When Redis cannot answer, the request is let
/// through (and counted): the limit protects the service, it must not take it down.
struct ClientRateLimiter: Sendable {
    /// How long a refused client should wait.
    struct Wait: Sendable {
        var microseconds: Int
        var retryAfterSeconds: Int { max(1, (self.microseconds + 999_999) / 1_000_000) }
    }

    let redis: RedisClient
    let perSecond: Int
    let burst: Int
    let logger: Logger
    private let limited = Counter(label: "switchboard_gateway_rate_limited_total")
    private let unchecked = Counter(label: "switchboard_gateway_rate_limit_errors_total")

    init(redis: RedisClient, settings: EdgeSettings.RateLimit, logger: Logger) {
        self.redis = redis
        self.perSecond = settings.perSecond
        self.burst = settings.burst
        self.logger = logger
    }

    /// KEYS[1]: the bucket; ARGV[1]: µs between requests; ARGV[2]: µs of burst.
    /// Returns 0 when admitted, else the µs to wait.
    private static let script = RedisScript(
        """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
        local interval = tonumber(ARGV[1])
        local tat = tonumber(redis.call('GET', KEYS[1]) or now)
        if tat < now then tat = now end
        local next = tat + interval
        local wait = next - tonumber(ARGV[2]) - now
        if wait > 0 then return wait end
        redis.call('SET', KEYS[1], string.format('%.0f', next), 'PX', math.ceil((next - now) / 1000))
        return 0
        """)

    /// Nil when `client` may go on; else how long it must wait.
    func admit(_ client: String) async -> Wait? {
        let interval = 1_000_000 / self.perSecond
        do {
            let reply = try await self.redis.run(
                Self.script, keys: [RedisKeys.rateLimit(client)], arguments: [.integer(interval), .integer(interval * self.burst)])
            guard let wait = reply.int, wait > 0 else { return nil }
            self.limited.increment()
            return Wait(microseconds: wait)
        } catch {
            self.unchecked.increment()
            self.logger.debug("rate limit unchecked", metadata: ["error": "\(error)"])
            return nil
        }
    }
}
