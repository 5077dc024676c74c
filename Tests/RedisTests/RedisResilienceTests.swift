import Foundation
import NIOCore
import SwitchboardTestSupport
import Testing

@testable import SwitchboardRedis

@Suite("Redis outages, authentication, databases and TLS", .serialized)
struct RedisResilienceTests {
    @Test func commandsFailFastWhileRedisIsDownAndRecoverWhenItReturns() async throws {
        let server = try RedisServerProcess()
        try await server.start()
        var configuration = RedisTesting.configuration(port: server.port)
        configuration.maximumBackoff = .milliseconds(200)
        configuration.reconnectWait = .zero  // SB_REDIS_RECONNECT_WAIT_MS=0: no waiting for Redis
        let redis = try RedisClient(configuration: configuration, logger: RedisTesting.logger)
        defer { redis.close() }
        try await redis.set("k", to: "before")

        let messages = try await redis.subscribe(to: ["news"]) { subscription throws -> String? in
            server.stop()
            let clock = ContinuousClock()
            let start = clock.now
            let error = await #expect(throws: RedisError.self) { try await redis.get("k") }
            #expect(start.duration(to: clock.now) < .seconds(1))
            #expect(error?.isConnectionError == true)

            try await server.start()
            // Reconnects on its own within the backoff; nothing is restarted.
            var value: String?
            for _ in 0..<100 where value == nil {
                value = try? await redis.get("k")
                if value == nil { try await Task.sleep(for: .milliseconds(50)) }
            }
            #expect(value == nil)  // the new server started empty
            #expect(try await redis.set("k", to: "after"))
            #expect(try await redis.get("k") == "after")

            // The subscription was renewed on the new server.
            return try await withThrowingTaskGroup(of: String?.self) { group in
                group.addTask {
                    for await message in subscription { return message.string }
                    return nil
                }
                group.addTask {
                    for _ in 0..<200 {
                        try await redis.publish("back", to: "news")
                        try await Task.sleep(for: .milliseconds(25))
                    }
                    return nil
                }
                let first = try await group.next() ?? nil
                group.cancelAll()
                return first
            }
        }
        #expect(messages == "back")
        server.stop()
    }

    @Test func aCommandWaitsForARestartedRedisAndTheWaitersAreBounded() async throws {
        let server = try RedisServerProcess()
        try await server.start()
        var configuration = RedisTesting.configuration(port: server.port)
        configuration.maximumBackoff = .milliseconds(100)
        configuration.reconnectWait = .seconds(5)
        configuration.maximumWaitingCommands = 1
        let redis = try RedisClient(configuration: configuration, logger: RedisTesting.logger)
        defer { redis.close() }
        try await redis.set("k", to: "before")
        server.stop()

        // Sent while Redis is down: it waits, and is written once Redis is back.
        let waiting = Task { try await redis.set("k", to: "written while down") }
        try await Task.sleep(for: .milliseconds(300))
        // A second waiter is over the bound: it fails at once.
        let error = await #expect(throws: RedisError.self) { try await redis.get("k") }
        #expect(error?.isConnectionError == true)
        try await server.start()
        #expect(try await waiting.value)
        #expect(try await redis.get("k") == "written while down")
        server.stop()
    }

    @Test func subscriptionsAreRenewedAfterTheServerKillsTheConnection() async throws {
        // A private server: CLIENT KILL TYPE pubsub would cut other tests' subscriptions too.
        let server = try RedisServerProcess()
        try await server.start()
        defer { server.stop() }
        try await RedisTesting.withClient(configuration: RedisTesting.configuration(port: server.port)) { redis, prefix in
            let channel = prefix + "survivor"
            let received = try await redis.subscribe(to: [channel]) { messages throws -> String? in
                try await redis.send("CLIENT", ["KILL", "TYPE", "pubsub"])
                // Publish until the resubscribed connection delivers.
                return try await withThrowingTaskGroup(of: String?.self) { group in
                    group.addTask {
                        for await message in messages { return message.string }
                        return nil
                    }
                    group.addTask {
                        for attempt in 0..<200 {
                            try await redis.publish(.string("after-kill-\(attempt)"), to: channel)
                            try await Task.sleep(for: .milliseconds(25))
                        }
                        return nil
                    }
                    let first = try await group.next() ?? nil
                    group.cancelAll()
                    return first
                }
            }
            #expect(received?.hasPrefix("after-kill-") == true)
        }
    }

    @Test func aRefusedConnectionSaysSo() async throws {
        let port = try RedisServerProcess.freePort()
        let redis = try RedisClient(configuration: RedisTesting.configuration(port: port), logger: RedisTesting.logger)
        defer { redis.close() }
        let error = await #expect(throws: RedisError.self) { try await redis.ping() }
        #expect(error.map { RedisError.connectionRefused ~= $0 } == true)
        #expect(error?.message.contains("127.0.0.1:\(port)") == true)
        // Within the backoff the client does not dial again; it reports the cause.
        let again = await #expect(throws: RedisError.self) { try await redis.ping() }
        #expect(again.map { RedisError.unavailable ~= $0 || RedisError.connectionRefused ~= $0 } == true)
    }

    @Test func subscribingWhileRedisIsDownFailsWithTheCause() async throws {
        let port = try RedisServerProcess.freePort()
        let redis = try RedisClient(configuration: RedisTesting.configuration(port: port), logger: RedisTesting.logger)
        defer { redis.close() }
        let error = await #expect(throws: RedisError.self) {
            try await redis.subscribe(to: ["x"]) { _ throws -> Void in }
        }
        #expect(error?.isConnectionError == true)
    }

    @Test func passwordAndACLUserAuthenticate() async throws {
        let server = try RedisServerProcess(arguments: [
            "--requirepass", "s3cret",
            "--user", "agent", "on", ">agentpass", "~*", "&*", "+@all",
        ])
        try await server.start()
        defer { server.stop() }

        let anonymous = try RedisClient(configuration: RedisTesting.configuration(port: server.port), logger: RedisTesting.logger)
        defer { anonymous.close() }
        let noAuth = await #expect(throws: RedisError.self) { try await anonymous.get("k") }
        #expect(noAuth?.serverErrorPrefix == "NOAUTH")

        var withPassword = RedisTesting.configuration(port: server.port)
        withPassword.password = "s3cret"
        let byPassword = try RedisClient(configuration: withPassword, logger: RedisTesting.logger)
        defer { byPassword.close() }
        #expect(try await byPassword.ping() == "PONG")

        var asUser = RedisTesting.configuration(port: server.port)
        asUser.username = "agent"
        asUser.password = "agentpass"
        let byUser = try RedisClient(configuration: asUser, logger: RedisTesting.logger)
        defer { byUser.close() }
        #expect(try await byUser.send("ACL", ["WHOAMI"]).string == "agent")
        // Pub/sub connections authenticate too.
        let got = try await byUser.subscribe(to: ["auth"]) { messages throws -> String? in
            try await byPassword.publish("hi", to: "auth")
            for await message in messages { return message.string }
            return nil
        }
        #expect(got == "hi")

        var wrong = asUser
        wrong.password = "nope"
        let denied = try RedisClient(configuration: wrong, logger: RedisTesting.logger)
        defer { denied.close() }
        let error = await #expect(throws: RedisError.self) { try await denied.ping() }
        #expect(error?.serverErrorPrefix == "WRONGPASS")
    }

    @Test func theConfiguredDatabaseIsSelected() async throws {
        let port = try await RedisTesting.sharedPort()
        var configuration = RedisTesting.configuration(port: port)
        configuration.database = 3
        try await RedisTesting.withClient(configuration: configuration) { db3, prefix in
            try await db3.set(prefix + "k", to: "in three")
            try await RedisTesting.withClient { db0, _ in
                let seenFromZero = try await db0.get(prefix + "k")
                #expect(seenFromZero == nil)
            }
            #expect(try await db3.get(prefix + "k") == "in three")
        }
    }

    @Test func tlsConnectionsVerifyTheServerCertificate() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sb-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let cert = directory.appendingPathComponent("cert.pem").path
        let key = directory.appendingPathComponent("key.pem").path
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        openssl.arguments = [
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1",
            "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
        ]
        openssl.standardError = FileHandle.nullDevice
        try openssl.run()
        openssl.waitUntilExit()
        try #require(openssl.terminationStatus == 0)

        let port = try RedisServerProcess.freePort()
        let server = try RedisServerProcess(
            port: port,
            arguments: [
                "--tls-port", String(port), "--tls-cert-file", cert, "--tls-key-file", key,
                "--tls-ca-cert-file", cert, "--tls-auth-clients", "no",
            ])
        try await server.start()
        defer { server.stop() }

        var verified = RedisTesting.configuration(port: port)
        verified.host = "localhost"
        verified.tls = .init(verifyPeer: true, caFile: cert)
        let secure = try RedisClient(configuration: verified, logger: RedisTesting.logger)
        defer { secure.close() }
        #expect(try await secure.set("k", to: "over tls"))
        #expect(try await secure.get("k") == "over tls")
        let got = try await secure.subscribe(to: ["tls"]) { messages throws -> String? in
            try await secure.publish("encrypted", to: "tls")
            for await message in messages { return message.string }
            return nil
        }
        #expect(got == "encrypted")

        var untrusted = RedisTesting.configuration(port: port)
        untrusted.host = "localhost"
        untrusted.tls = .init(verifyPeer: true)  // system roots do not trust the self-signed certificate
        let refused = try RedisClient(configuration: untrusted, logger: RedisTesting.logger)
        defer { refused.close() }
        let error = await #expect(throws: RedisError.self) { try await refused.ping() }
        #expect(error?.isConnectionError == true)
    }
}
