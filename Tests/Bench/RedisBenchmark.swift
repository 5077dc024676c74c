import Foundation
import Logging
import SwitchboardCore
import SwitchboardRedis

/// Measures this client against a Redis server and runs `redis-benchmark` on the same server in
/// the same run, so the figures sit side by side.
struct RedisBenchmark {
    var host: String
    var port: Int
    var requests: Int
    var concurrency: Int
    var pipelineDepth: Int
    var cluster = false

    struct Row {
        var name: String
        var operationsPerSecond: Double
        var p50: Double?
        var p99: Double?
    }

    func run() async throws -> [(ours: Row, reference: Row?)] {
        var configuration = RedisConfiguration(host: self.host, port: self.port)
        configuration.poolSize = 4
        if self.cluster { configuration.cluster = .init(seeds: [.init(host: self.host, port: self.port)]) }
        let redis = try RedisClient(configuration: configuration, logger: Logger(label: "bench"))
        defer { redis.close() }
        try await redis.set("bench:key", to: .string(String(repeating: "x", count: 3)))
        // Warm up connections and code paths.
        for _ in 0..<2000 { _ = try await redis.get("bench:key") }

        var results: [(Row, Row?)] = []
        results.append((try await self.sequential(redis, "GET"), self.reference(test: "get", clients: 1, pipeline: 1)))
        results.append((try await self.sequential(redis, "SET"), self.reference(test: "set", clients: 1, pipeline: 1)))
        results.append((try await self.concurrent(redis), self.reference(test: "get", clients: self.concurrency, pipeline: 1)))
        results.append((try await self.pipelined(redis), self.reference(test: "get", clients: 1, pipeline: self.pipelineDepth)))
        _ = try await redis.delete(["bench:key"])
        return results
    }

    /// One caller, one command at a time: round-trip latency.
    private func sequential(_ redis: RedisClient, _ verb: String) async throws -> Row {
        let command = verb == "GET" ? RedisCommand("GET", ["bench:key"]) : RedisCommand("SET", ["bench:key", "xxx"])
        var samples: [Double] = []
        samples.reserveCapacity(self.requests)
        let clock = ContinuousClock()
        let start = clock.now
        for _ in 0..<self.requests {
            let begin = clock.now
            try await redis.send(command)
            samples.append(begin.duration(to: clock.now).microseconds)
        }
        let seconds = start.duration(to: clock.now).seconds
        return Row(
            name: "\(verb), 1 client, sequential", operationsPerSecond: Double(self.requests) / seconds,
            p50: Self.percentile(samples, 0.50) / 1000, p99: Self.percentile(samples, 0.99) / 1000
        )
    }

    /// Many tasks at once on the shared pool, as the services use it.
    private func concurrent(_ redis: RedisClient) async throws -> Row {
        let perTask = self.requests / self.concurrency
        let clock = ContinuousClock()
        let start = clock.now
        let samples = try await withThrowingTaskGroup(of: [Double].self) { group in
            for _ in 0..<self.concurrency {
                group.addTask {
                    var local: [Double] = []
                    local.reserveCapacity(perTask)
                    for _ in 0..<perTask {
                        let begin = clock.now
                        try await redis.send(RedisCommand("GET", ["bench:key"]))
                        local.append(begin.duration(to: clock.now).microseconds)
                    }
                    return local
                }
            }
            return try await group.reduce(into: [Double]()) { $0 += $1 }
        }
        let seconds = start.duration(to: clock.now).seconds
        return Row(
            name: "GET, \(self.concurrency) concurrent tasks", operationsPerSecond: Double(samples.count) / seconds,
            p50: Self.percentile(samples, 0.50) / 1000, p99: Self.percentile(samples, 0.99) / 1000
        )
    }

    /// Batches written with one flush.
    private func pipelined(_ redis: RedisClient) async throws -> Row {
        let batch = Array(repeating: RedisCommand("GET", ["bench:key"]), count: self.pipelineDepth)
        let rounds = max(1, self.requests * 4 / self.pipelineDepth)
        let clock = ContinuousClock()
        let start = clock.now
        for _ in 0..<rounds { _ = try await redis.pipeline(batch) }
        let seconds = start.duration(to: clock.now).seconds
        return Row(name: "GET, pipeline of \(self.pipelineDepth)", operationsPerSecond: Double(rounds * self.pipelineDepth) / seconds)
    }

    /// Runs `redis-benchmark` with the same shape of load; `nil` when it is not installed.
    private func reference(test: String, clients: Int, pipeline: Int) -> Row? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        let count = pipeline > 1 ? self.requests * 4 : self.requests
        process.arguments =
            [
                "redis-benchmark", "-h", self.host, "-p", String(self.port), "-n", String(count),
                "-c", String(clients), "-P", String(pipeline), "-t", test, "--csv",
            ] + (self.cluster ? ["--cluster"] : [])
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        // "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n")
        guard let line = lines.first(where: { $0.uppercased().hasPrefix("\"\(test.uppercased())") }) else { return nil }
        let fields = line.split(separator: ",").map { Double($0.trimmingCharacters(in: CharacterSet(charactersIn: "\""))) }
        guard fields.count >= 7, let rps = fields[1] else { return nil }
        return Row(
            name: "redis-benchmark", operationsPerSecond: rps, p50: pipeline > 1 ? nil : fields[4], p99: pipeline > 1 ? nil : fields[6])
    }

    static func percentile(_ samples: [Double], _ quantile: Double) -> Double {
        guard !samples.isEmpty else { return 0 }
        let sorted = samples.sorted()
        return sorted[min(sorted.count - 1, Int(Double(sorted.count) * quantile))]
    }
}

extension Duration {
    var seconds: Double { self.fractionalSeconds }
    var microseconds: Double { self.seconds * 1e6 }
}
