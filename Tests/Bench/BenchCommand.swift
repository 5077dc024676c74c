import ArgumentParser
import Foundation

/// `switchboard-bench redis`: the Redis client against `redis-benchmark` on the same server.
/// Prints figures; asserts nothing. Build with `-c release` for meaningful numbers.
@main
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "switchboard-bench", abstract: "Prints Switchboard's benchmark figures; asserts nothing.",
        subcommands: [RedisBenchCommand.self])
}

struct RedisBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "redis", abstract: "The Redis client's throughput and latency next to redis-benchmark's.")

    @Option(help: "Redis host (default: REDIS_HOST, else 127.0.0.1).")
    var host = ProcessInfo.processInfo.environment["REDIS_HOST"] ?? "127.0.0.1"
    @Option(help: "Redis port (default: REDIS_PORT, else 6379).")
    var port = Int(ProcessInfo.processInfo.environment["REDIS_PORT"] ?? "") ?? 6379
    @Option(help: "Requests per row.")
    var requests = 20_000
    @Option(help: "Requests in flight.")
    var concurrency = 50
    @Option(help: "Commands per pipeline in the pipelined rows.")
    var pipeline = 16
    @Flag(help: "The server is a node of a Redis Cluster: run the client (and redis-benchmark) in cluster mode.")
    var cluster = false

    func validate() throws {
        guard (1...65535).contains(self.port) else { throw ValidationError("--port must be 1–65535") }
        guard self.requests >= 1, self.concurrency >= 1, self.pipeline >= 1 else {
            throw ValidationError("--requests, --concurrency and --pipeline must be at least 1")
        }
    }

    func run() async throws {
        let benchmark = RedisBenchmark(
            host: self.host, port: self.port, requests: self.requests, concurrency: self.concurrency, pipelineDepth: self.pipeline,
            cluster: self.cluster)
        let rows = try await benchmark.run()
        print("Redis client benchmark against \(benchmark.host):\(benchmark.port), \(benchmark.requests) requests per row")
        print(
            BenchFormat.pad("load", 32) + BenchFormat.pad("switchboard ops/s", 19) + BenchFormat.pad("p50 ms", 8)
                + BenchFormat.pad("p99 ms", 8)
                + BenchFormat.pad("redis-benchmark ops/s", 23) + BenchFormat.pad("p50 ms", 8) + "p99 ms")
        for (ours, reference) in rows {
            print(
                BenchFormat.pad(ours.name, 32) + BenchFormat.pad(BenchFormat.format(ours.operationsPerSecond, 0), 19)
                    + BenchFormat.pad(ours.p50.map { BenchFormat.format($0, 3) } ?? "-", 8)
                    + BenchFormat.pad(ours.p99.map { BenchFormat.format($0, 3) } ?? "-", 8)
                    + BenchFormat.pad(reference.map { BenchFormat.format($0.operationsPerSecond, 0) } ?? "n/a", 23)
                    + BenchFormat.pad(reference?.p50.map { BenchFormat.format($0, 3) } ?? "-", 8)
                    + (reference?.p99.map { BenchFormat.format($0, 3) } ?? "-")
            )
        }
    }

}

enum BenchFormat {
    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }

    static func format(_ value: Double, _ decimals: Int) -> String {
        String(format: "%.\(decimals)f", value)
    }
}
