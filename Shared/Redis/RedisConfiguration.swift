import NIOCore

/// Where and how to reach Redis.
///
/// Read from the environment by `RedisConfiguration(environment:)` in SwitchboardCore; every field
/// has the default a local stack needs.
package struct RedisConfiguration: Sendable {
    /// TLS settings for managed Redis (Azure Cache for Redis listens with TLS on 6380).
    package struct TLS: Sendable {
        /// Verify the server certificate against the system trust store (or `caFile`).
        package var verifyPeer: Bool = true
        /// Extra trusted CA bundle in PEM, for private certificate authorities.
        package var caFile: String?
        /// Name sent in SNI and checked in the certificate; defaults to the host.
        package var serverName: String?

        package init(verifyPeer: Bool = true, caFile: String? = nil, serverName: String? = nil) {
            self.verifyPeer = verifyPeer
            self.caFile = caFile
            self.serverName = serverName
        }
    }

    /// A node's address.
    package struct Endpoint: Sendable, Hashable, CustomStringConvertible {
        package var host: String
        package var port: Int

        package init(host: String, port: Int) {
            self.host = host
            self.port = port
        }

        /// Parses `host:port` (the last colon splits, so IPv6 literals work); `nil` if malformed.
        package init?(_ text: some StringProtocol) {
            guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
                (1...65535).contains(port)
            else { return nil }
            self.host = String(text[..<colon].filter { $0 != "[" && $0 != "]" })
            self.port = port
        }

        package var description: String { "\(self.host):\(self.port)" }
    }

    /// Redis Cluster mode: where to learn the slot map, and how hard to retry while it changes.
    package struct Cluster: Sendable {
        /// Nodes asked for the slot map (`CLUSTER SHARDS`) until one answers; any node of the cluster will do.
        package var seeds: [Endpoint]
        /// How often the slot map is read again even when no `MOVED` says it changed.
        package var refreshInterval: TimeAmount = .seconds(10)

        package init(seeds: [Endpoint]) {
            self.seeds = seeds
        }
    }

    package var host: String = "127.0.0.1"
    package var port: Int = 6379
    /// ACL user name; with a password only (no user), `AUTH <password>` is sent.
    package var username: String?
    package var password: String?
    package var database: Int = 0
    package var tls: TLS?
    /// Connections for ordinary commands; each pipelines many commands at once.
    package var poolSize: Int = 4
    package var connectTimeout: TimeAmount = .seconds(1)
    package var commandTimeout: TimeAmount = .seconds(2)
    /// First wait after a failed connect; doubles per failure up to `maximumBackoff`.
    package var initialBackoff: TimeAmount = .milliseconds(50)
    package var maximumBackoff: TimeAmount = .seconds(2)
    /// How long a command waits for an unreachable Redis to come back before it fails (zero:
    /// fails at once). Covers a restart or, on a cluster, a replica's promotion (unreachable
    /// nodes, `TRYAGAIN`, `CLUSTERDOWN`) without failing the turns that write state meanwhile.
    package var reconnectWait: TimeAmount = .seconds(5)
    /// Commands that may wait for Redis at once; more fail at once.
    package var maximumWaitingCommands: Int = 10_000
    /// Messages kept per subscription when the subscriber falls behind; the oldest are dropped.
    package var subscriptionBufferSize: Int = 4096
    /// Sent as `CLIENT SETNAME` so `CLIENT LIST` shows which service holds a connection.
    package var clientName: String?
    /// Set for a Redis Cluster: commands go to the node owning their keys' slot (`host` and `port`
    /// are then unused unless they are a seed).
    package var cluster: Cluster?

    package init(host: String = "127.0.0.1", port: Int = 6379) {
        self.host = host
        self.port = port
    }

    /// `host:port`, for messages.
    package var address: String { "\(self.host):\(self.port)" }

    /// The same settings for another node of a cluster (TLS server name and credentials kept).
    func node(_ endpoint: Endpoint) -> RedisConfiguration {
        var configuration = self
        configuration.host = endpoint.host
        configuration.port = endpoint.port
        return configuration
    }

    /// The delay before connect attempt number `failures + 1`.
    package func backoff(afterFailures failures: Int) -> TimeAmount {
        guard failures > 0 else { return .zero }
        let exponent = min(failures - 1, 20)
        let delay = self.initialBackoff.nanoseconds &* (1 << exponent)
        return .nanoseconds(min(delay, self.maximumBackoff.nanoseconds))
    }
}
