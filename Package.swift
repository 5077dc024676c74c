// swift-tools-version:6.2
import PackageDescription

// Switchboard: four executables (gateway, media, agents, metrics) cooperating through Redis.
// Shared code lives in library targets under Shared/, with `package` access between them.

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny")
]

let package = Package(
    name: "switchboard",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "gateway", targets: ["gateway"]),
        .executable(name: "media", targets: ["media"]),
        .executable(name: "agents", targets: ["agents"]),
        .executable(name: "metrics", targets: ["metrics"]),
        .executable(name: "switchboard-bench", targets: ["switchboard-bench"]),
        .executable(name: "switchboard-caller", targets: ["switchboard-caller"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket.git", from: "2.8.1"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-configuration.git", from: "1.4.0"),
        .package(url: "https://github.com/apple/swift-system.git", from: "1.8.1"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/stencilproject/Stencil.git", from: "0.15.1"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift.git", from: "0.2.0"),
        .package(url: "https://github.com/apple/swift-distributed-tracing.git", from: "1.7.3"),
        // OTLP over HTTP only: the gRPC exporter's dependencies are not built.
        .package(url: "https://github.com/swift-otel/swift-otel.git", from: "1.6.0", traits: ["OTLPHTTP"]),
    ],
    targets: [
        // hiredis 0.14 from Debian (libhiredis-dev); used only as the RESP reply parser.
        .systemLibrary(
            name: "CHiredis",
            path: "Shared/CHiredis",
            providers: [.apt(["libhiredis-dev"])]
        ),
        // Offline speech engines from Debian 12 (reference/engines.md).
        .systemLibrary(
            name: "CPocketSphinx", path: "Shared/CPocketSphinx", pkgConfig: "pocketsphinx",
            providers: [.apt(["libpocketsphinx-dev", "libsphinxbase-dev", "pocketsphinx-en-us"])]
        ),
        .systemLibrary(name: "CFlite", path: "Shared/CFlite", providers: [.apt(["flite1-dev"])]),
        .systemLibrary(name: "CWebRTCVAD", path: "Shared/CWebRTCVAD", providers: [.apt(["libwebrtc-audio-processing-dev"])]),
        .systemLibrary(name: "CSampleRate", path: "Shared/CSampleRate", providers: [.apt(["libsamplerate0-dev"])]),
        // System libcrypto (Debian's libssl-dev) for HMAC, SHA and RS256 checks; TLS stays with NIOSSL.
        .systemLibrary(name: "CCrypto", path: "Shared/CCrypto", providers: [.apt(["libssl-dev"])]),
        .target(name: "SwitchboardCrypto", dependencies: ["CCrypto"], path: "Shared/Crypto", swiftSettings: swiftSettings),
        // Voice pipeline pieces: VAD, recognition (whisper, PocketSphinx, Azure Speech, OpenAI-compatible),
        // synthesis (Flite, Azure Speech, OpenAI-compatible), resampling, sentence chunking.
        .target(
            name: "SwitchboardMedia",
            dependencies: [
                "CPocketSphinx", "CFlite", "CWebRTCVAD", "CSampleRate", "SwitchboardCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Shared/Media",
            swiftSettings: swiftSettings
        ),
        // Redis client: SwiftNIO owns the socket (plain TCP or TLS), hiredis parses replies.
        .target(
            name: "SwitchboardRedis",
            dependencies: [
                "CHiredis",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Shared/Redis",
            swiftSettings: swiftSettings
        ),
        // Domain pieces every service shares: Redis names, environment configuration, worker registry.
        .target(
            name: "SwitchboardCore",
            dependencies: [
                "SwitchboardRedis",
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Shared/Core",
            swiftSettings: swiftSettings
        ),
        // Agents, scenarios, tools, hand-offs, language models and the turn runner (agents + media).
        .target(
            name: "SwitchboardAgents",
            dependencies: [
                "SwitchboardCore",
                "SwitchboardRedis",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Stencil", package: "Stencil"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Shared/Agents",
            swiftSettings: swiftSettings
        ),
        // The public API contract: request/response types, the operations (route table) and the
        // OpenAPI document generated from them.
        .target(
            name: "SwitchboardAPI",
            dependencies: ["SwitchboardCore"],
            path: "Shared/API",
            swiftSettings: swiftSettings
        ),
        // HTTP scaffolding shared by the four services: health, readiness, Prometheus, problem JSON.
        .target(
            name: "SwitchboardService",
            dependencies: [
                "SwitchboardAPI",
                "SwitchboardCore",
                "SwitchboardRedis",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "OTel", package: "swift-otel"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ],
            path: "Shared/Service",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "gateway",
            dependencies: [
                "SwitchboardAPI", "SwitchboardService", "SwitchboardCrypto",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ],
            path: "Services/gateway",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "media",
            dependencies: [
                "SwitchboardAPI", "SwitchboardService", "SwitchboardAgents", "SwitchboardMedia",
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ],
            path: "Services/media",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "agents",
            dependencies: ["SwitchboardAPI", "SwitchboardService", "SwitchboardAgents"],
            path: "Services/agents",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "metrics",
            dependencies: [
                "SwitchboardAPI", "SwitchboardService",
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ],
            path: "Services/metrics",
            swiftSettings: swiftSettings
        ),
        // Prints figures (latency, throughput) next to reference tools; never asserts on time.
        .executableTarget(
            name: "switchboard-bench",
            dependencies: [
                "SwitchboardRedis", "SwitchboardCore", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Tests/Bench",
            swiftSettings: swiftSettings
        ),
        // Real redis-server processes and clients for tests (never a mock of Redis).
        .target(
            name: "SwitchboardTestSupport",
            dependencies: [
                "SwitchboardRedis",
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/Support",
            swiftSettings: swiftSettings
        ),
        // A simulated phone or browser caller: speaks synthesised lines into a running stack.
        .executableTarget(
            name: "switchboard-caller",
            dependencies: [
                "SwitchboardMedia", "SwitchboardCore", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/Caller",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "RedisTests",
            dependencies: [
                "SwitchboardRedis",
                "SwitchboardTestSupport",
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ],
            path: "Tests/RedisTests",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CoreTests",
            dependencies: ["SwitchboardCore", "SwitchboardRedis", "SwitchboardTestSupport"],
            path: "Tests/CoreTests",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AgentTests",
            dependencies: [
                "SwitchboardAgents", "SwitchboardCore", "SwitchboardRedis", "SwitchboardTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            path: "Tests/AgentTests",
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CryptoTests",
            dependencies: ["SwitchboardCrypto"],
            path: "Tests/CryptoTests",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MediaTests",
            dependencies: ["SwitchboardMedia", "media"],
            path: "Tests/MediaTests",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MetricsTests",
            dependencies: ["metrics", "SwitchboardCore"],
            path: "Tests/MetricsTests",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "APITests",
            dependencies: [
                "SwitchboardAPI", "SwitchboardService", "SwitchboardTestSupport", "SwitchboardAgents", "SwitchboardCore",
                "SwitchboardRedis", "gateway", "agents", "metrics",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            path: "Tests/APITests",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ServiceTests",
            dependencies: [
                "SwitchboardService",
                "SwitchboardTestSupport",
                "gateway",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            path: "Tests/ServiceTests",
            swiftSettings: swiftSettings
        ),
    ]
)
