import Foundation
import NIOCore
import SwitchboardRedis

extension RedisConfiguration {
    /// Reads the Redis settings, named as the Python backend names them where it has them.
    ///
    /// | Variable | Default |
    /// |---|---|
    /// | `REDIS_HOST` | `127.0.0.1` |
    /// | `REDIS_PORT` | `6379` |
    /// | `REDIS_PASSWORD` or `REDIS_ACCESS_KEY` | none |
    /// | `REDIS_USER_NAME` or `REDIS_USERNAME` (ACL user) | none |
    /// | `REDIS_DB` | `0` |
    /// | `REDIS_SSL` | `true` when the port is 6380, else `false` |
    /// | `SB_REDIS_TLS_VERIFY` | `true` |
    /// | `SB_REDIS_CA_FILE` | none (system trust store) |
    /// | `SB_REDIS_POOL_SIZE` | `4` |
    /// | `SB_REDIS_CONNECT_TIMEOUT_MS` | `1000` |
    /// | `SB_REDIS_COMMAND_TIMEOUT_MS` | `2000` |
    /// | `SB_REDIS_MAX_BACKOFF_MS` | `2000` |
    /// | `SB_REDIS_RECONNECT_WAIT_MS` | `5000` (how long a command waits for Redis to come back — a restart, a cluster failover; `0` fails at once) |
    /// | `SB_REDIS_MAX_WAITING` | `10000` (commands waiting for Redis at once; more fail at once) |
    /// | `REDIS_CLUSTER_NODES` (`host:port,…`: Redis Cluster seeds; switches to cluster mode) | none |
    /// | `REDIS_USE_CLUSTER` (cluster mode with `REDIS_HOST`:`REDIS_PORT` as the seed) | `false` |
    /// | `SB_REDIS_CLUSTER_REFRESH_MS` (slot map read again this often, besides on `MOVED`) | `10000` |
    package init(environment: inout EnvironmentReader, clientName: String) {
        self.init(
            host: environment.string("REDIS_HOST", default: "127.0.0.1"),
            port: environment.int("REDIS_PORT", default: 6379, in: 1...65535)
        )
        self.password = environment.optionalString("REDIS_PASSWORD", "REDIS_ACCESS_KEY")
        self.username = environment.optionalString("REDIS_USER_NAME", "REDIS_USERNAME")
        if self.username != nil && self.password == nil {
            environment.report("REDIS_USER_NAME is set but REDIS_PASSWORD (or REDIS_ACCESS_KEY) is not")
        }
        self.database = environment.int("REDIS_DB", default: 0, in: 0...15)
        if environment.bool("REDIS_SSL", default: self.port == 6380) {
            var tls = RedisConfiguration.TLS()
            tls.verifyPeer = environment.bool("SB_REDIS_TLS_VERIFY", default: true)
            tls.caFile = environment.optionalString("SB_REDIS_CA_FILE")
            self.tls = tls
        }
        self.poolSize = environment.int("SB_REDIS_POOL_SIZE", default: 4, in: 1...64)
        self.connectTimeout = .milliseconds(Int64(environment.int("SB_REDIS_CONNECT_TIMEOUT_MS", default: 1000, in: 50...60_000)))
        self.commandTimeout = .milliseconds(Int64(environment.int("SB_REDIS_COMMAND_TIMEOUT_MS", default: 2000, in: 50...120_000)))
        self.maximumBackoff = .milliseconds(Int64(environment.int("SB_REDIS_MAX_BACKOFF_MS", default: 2000, in: 50...60_000)))
        self.reconnectWait = .milliseconds(Int64(environment.int("SB_REDIS_RECONNECT_WAIT_MS", default: 5000, in: 0...60_000)))
        self.maximumWaitingCommands = environment.int("SB_REDIS_MAX_WAITING", default: 10_000, in: 1...1_000_000)
        self.clientName = clientName
        self.cluster = Self.cluster(environment: &environment, seed: Endpoint(host: self.host, port: self.port))
        if self.cluster != nil && self.database != 0 {
            environment.report("REDIS_DB must be 0 with a Redis Cluster (it has only database 0)")
        }
    }

    private static func cluster(environment: inout EnvironmentReader, seed: Endpoint) -> Cluster? {
        var seeds: [Endpoint] = []
        if let nodes = environment.optionalString("REDIS_CLUSTER_NODES") {
            for text in nodes.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !text.isEmpty {
                if let endpoint = Endpoint(text) {
                    seeds.append(endpoint)
                } else {
                    environment.report("REDIS_CLUSTER_NODES: '\(text)' is not host:port")
                }
            }
        }
        if environment.bool("REDIS_USE_CLUSTER", default: false) && seeds.isEmpty { seeds = [seed] }
        guard !seeds.isEmpty else { return nil }
        var cluster = Cluster(seeds: seeds)
        cluster.refreshInterval = .milliseconds(
            Int64(environment.int("SB_REDIS_CLUSTER_REFRESH_MS", default: 10_000, in: 100...600_000)))
        return cluster
    }
}
