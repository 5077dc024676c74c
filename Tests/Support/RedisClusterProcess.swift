import Foundation
import NIOCore
import NIOPosix
import SwitchboardRedis

/// A local Redis Cluster of 3 masters and 3 replicas, started by a test (the Swift twin of
/// `sb_start_redis_cluster` in scripts/lib.sh), with a 1 s node time-out so a replica takes over a
/// dead master within about two seconds.
package final class RedisClusterProcess: @unchecked Sendable {
    // @unchecked: `servers` is only touched by the test that owns this value, never concurrently.
    package let ports: [Int]
    private var servers: [RedisServerProcess]

    package init() throws {
        let base = try Self.freeBase()
        let directory = NSTemporaryDirectory() + "sb-cluster-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        self.ports = (0..<6).map { base + $0 }
        self.servers = try self.ports.map { port in
            try RedisServerProcess(
                port: port,
                arguments: [
                    "--cluster-enabled", "yes", "--cluster-config-file", "nodes-\(port).conf", "--dir", directory,
                    "--cluster-node-timeout", "1000", "--cluster-replica-validity-factor", "0",
                    "--cluster-require-full-coverage", "no", "--repl-diskless-sync-delay", "0",
                ])
        }
    }

    /// Starts the six nodes, joins them with `redis-cli --cluster create` and waits until every
    /// slot is served and every replica is in sync (so a failover loses nothing written afterwards).
    package func start() async throws {
        for server in self.servers { try await server.start() }
        let create = Process()
        create.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        create.arguments =
            ["redis-cli", "--cluster", "create"] + self.ports.map { "127.0.0.1:\($0)" } + ["--cluster-replicas", "1", "--cluster-yes"]
        create.standardOutput = FileHandle.nullDevice
        create.standardError = FileHandle.nullDevice
        try create.run()
        let deadline = ContinuousClock.now + .seconds(30)
        while create.isRunning, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        for port in self.ports {
            while try await !self.isHealthy(port: port) {
                guard ContinuousClock.now < deadline else { throw RedisError.connectTimeout("cluster on \(port) is not ok") }
                try await Task.sleep(for: .milliseconds(100))
            }
        }
    }

    /// Seeds for ``RedisConfiguration/cluster``.
    package var configuration: RedisConfiguration {
        var configuration = RedisTesting.configuration(port: self.ports[0])
        configuration.cluster = RedisConfiguration.Cluster(seeds: self.ports.map { .init(host: "127.0.0.1", port: $0) })
        configuration.reconnectWait = .seconds(15)  // a failover of the test cluster takes a few seconds
        return configuration
    }

    /// Kills the node on `port` as a crash would.
    package func kill(port: Int) {
        self.servers[self.ports.firstIndex(of: port)!].stop()
    }

    /// Stops every node.
    package func stop() {
        for server in self.servers { server.stop() }
    }

    deinit { self.stop() }

    /// A plain (non-cluster) client of one node, for `CLUSTER` administration.
    package func node(_ port: Int) throws -> RedisClient {
        try RedisClient(configuration: RedisTesting.configuration(port: port), logger: RedisTesting.logger)
    }

    private func isHealthy(port: Int) async throws -> Bool {
        let client = try self.node(port)
        defer { client.close() }
        let info = (try? await client.send("CLUSTER", ["INFO"]).string) ?? ""
        let replication = (try? await client.send("INFO", ["replication"]).string) ?? ""
        let synced = replication.contains("role:master") || replication.contains("master_link_status:up")
        return info.contains("cluster_state:ok") && synced
    }

    /// A port P with P…P+5 and the cluster bus ports P+10000…P+10005 free.
    private static func freeBase() throws -> Int {
        for _ in 0..<200 {
            let base = Int.random(in: 20000..<45000)
            if (0..<6).allSatisfy({ Self.canBind(base + $0) && Self.canBind(base + 10000 + $0) }) { return base }
        }
        throw RedisError.connectTimeout("no free port range for a redis cluster")
    }

    private static func canBind(_ port: Int) -> Bool {
        guard let channel = try? ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: port).wait()
        else { return false }
        try? channel.close().wait()
        return true
    }
}
