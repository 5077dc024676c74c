import Foundation
import Logging
import NIOCore
import NIOPosix
import SwitchboardRedis

/// A real `redis-server` started by a test on a free loopback port, for tests that stop, restart
/// or reconfigure Redis. Ordinary tests use the server `scripts/test` started (`SB_TEST_REDIS_PORT`).
package final class RedisServerProcess: @unchecked Sendable {
    // @unchecked: `process` is only touched by the test that owns this value, never concurrently.
    package let port: Int
    let arguments: [String]
    private var process: Process?

    package init(port: Int? = nil, arguments: [String] = []) throws {
        self.port = try port ?? Self.freePort()
        self.arguments = arguments
    }

    static var executable: String {
        ProcessInfo.processInfo.environment["SB_REDIS_SERVER"]
            ?? ["/usr/bin/redis-server", "/usr/local/bin/redis-server"].first { FileManager.default.isExecutableFile(atPath: $0) }
            ?? "redis-server"
    }

    /// Starts the server and waits until it answers.
    package func start() async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.executable)
        let portArguments = self.arguments.contains("--tls-port") ? ["--port", "0"] : ["--port", String(self.port)]
        process.arguments = portArguments + ["--bind", "127.0.0.1", "--save", "", "--appendonly", "no"] + self.arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        self.process = process
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            if Self.accepts(port: self.port) { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw RedisError.connectTimeout("redis-server on \(self.port) did not start")
    }

    /// Stops the server (as a crash would) and waits until its port is closed.
    ///
    /// Polls rather than `waitUntilExit()`, which can wait forever off the main thread on Linux.
    package func stop() {
        guard let process else { return }
        self.process = nil
        // SIGKILL: the test process may block SIGTERM, and a child inherits that mask.
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        for _ in 0..<500 where Self.accepts(port: self.port) || process.isRunning {
            usleep(10_000)
        }
    }

    deinit { self.stop() }

    /// A port nothing listens on right now.
    package static func freePort() throws -> Int {
        let channel = try ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0).wait()
        defer { try? channel.close().wait() }
        return channel.localAddress?.port ?? 0
    }

    private static func accepts(port: Int) -> Bool {
        let socket = try? ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.milliseconds(200))
            .connect(host: "127.0.0.1", port: port).wait()
        try? socket?.close().wait()
        return socket != nil
    }
}

/// Shared helpers for tests against Redis.
package enum RedisTesting {
    package static let logger = Logger(label: "test.redis")

    /// The server `scripts/test` started, or one private to this test run when the tests run on their own.
    package static func sharedPort() async throws -> Int {
        if let text = ProcessInfo.processInfo.environment["SB_TEST_REDIS_PORT"], let port = Int(text) { return port }
        return try await SharedServer.instance.port()
    }

    private actor SharedServer {
        static let instance = SharedServer()
        private var server: RedisServerProcess?

        func port() async throws -> Int {
            if let server { return server.port }
            let server = try RedisServerProcess()
            try await server.start()
            self.server = server
            return server.port
        }
    }

    package static func configuration(port: Int) -> RedisConfiguration {
        var configuration = RedisConfiguration(host: "127.0.0.1", port: port)
        configuration.commandTimeout = .seconds(5)
        configuration.maximumBackoff = .milliseconds(200)
        return configuration
    }

    /// Runs `body` with a client and a key prefix unique to the test; deletes the test's keys after.
    package static func withClient(
        configuration: RedisConfiguration? = nil,
        _ body: (RedisClient, String) async throws -> Void
    ) async throws {
        let configuration = if let configuration { configuration } else { Self.configuration(port: try await sharedPort()) }
        let client = try RedisClient(configuration: configuration, logger: logger)
        let prefix = "test:\(UUID().uuidString.prefix(8)):"
        defer { client.close() }
        do {
            try await body(client, prefix)
            _ = try? await client.delete(try await client.scan(match: prefix + "*"))
        } catch {
            _ = try? await client.delete((try? await client.scan(match: prefix + "*")) ?? [])
            throw error
        }
    }
}
