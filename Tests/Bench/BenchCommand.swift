import Foundation

/// `switchboard-bench redis [--host H] [--port P] [--requests N] [--concurrency C] [--pipeline D]`
///
/// Prints figures; asserts nothing. Build with `-c release` for meaningful numbers.
@main
struct BenchCommand {
    static func main() async throws {
        var arguments = CommandLine.arguments.dropFirst()
        guard arguments.first == "redis" else {
            print("usage: switchboard-bench redis [--host H] [--port P] [--requests N] [--concurrency C] [--pipeline D]")
            exit(64)
        }
        arguments = arguments.dropFirst()
        var options: [String: String] = [:]
        while let flag = arguments.first, flag.hasPrefix("--"), arguments.count >= 2 {
            options[String(flag.dropFirst(2))] = arguments.dropFirst().first
            arguments = arguments.dropFirst(2)
        }
        let environment = ProcessInfo.processInfo.environment
        let benchmark = RedisBenchmark(
            host: options["host"] ?? environment["REDIS_HOST"] ?? "127.0.0.1",
            port: Int(options["port"] ?? environment["REDIS_PORT"] ?? "6379") ?? 6379,
            requests: Int(options["requests"] ?? "20000") ?? 20000,
            concurrency: Int(options["concurrency"] ?? "50") ?? 50,
            pipelineDepth: Int(options["pipeline"] ?? "16") ?? 16
        )
        let rows = try await benchmark.run()
        print("Redis client benchmark against \(benchmark.host):\(benchmark.port), \(benchmark.requests) requests per row")
        print(
            Self.pad("load", 32) + Self.pad("switchboard ops/s", 19) + Self.pad("p50 ms", 8) + Self.pad("p99 ms", 8)
                + Self.pad("redis-benchmark ops/s", 23) + Self.pad("p50 ms", 8) + "p99 ms")
        for (ours, reference) in rows {
            print(
                Self.pad(ours.name, 32) + Self.pad(Self.format(ours.operationsPerSecond, 0), 19)
                    + Self.pad(ours.p50.map { Self.format($0, 3) } ?? "-", 8) + Self.pad(ours.p99.map { Self.format($0, 3) } ?? "-", 8)
                    + Self.pad(reference.map { Self.format($0.operationsPerSecond, 0) } ?? "n/a", 23)
                    + Self.pad(reference?.p50.map { Self.format($0, 3) } ?? "-", 8) + (reference?.p99.map { Self.format($0, 3) } ?? "-")
            )
        }
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }

    static func format(_ value: Double, _ decimals: Int) -> String {
        String(format: "%.\(decimals)f", value)
    }
}
