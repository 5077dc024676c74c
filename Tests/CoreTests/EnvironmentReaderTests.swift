import Foundation
import SwitchboardCore
import SwitchboardRedis
import Testing

@Suite("Configuration from the environment")
struct EnvironmentReaderTests {
    @Test func defaultsApplyWhenNothingIsSet() throws {
        var environment = EnvironmentReader([:])
        let redis = RedisConfiguration(environment: &environment, clientName: "test")
        try environment.validate()
        #expect(redis.host == "127.0.0.1")
        #expect(redis.port == 6379)
        #expect(redis.tls == nil)
        #expect(redis.password == nil)
        #expect(redis.poolSize == 4)
    }

    @Test func pythonBackendNamesAreHonoured() throws {
        var environment = EnvironmentReader([
            "REDIS_HOST": "cache.example.net", "REDIS_PORT": "6380", "REDIS_ACCESS_KEY": "key", "REDIS_USER_NAME": "app",
        ])
        let redis = RedisConfiguration(environment: &environment, clientName: "test")
        try environment.validate()
        #expect(redis.host == "cache.example.net")
        #expect(redis.password == "key")
        #expect(redis.username == "app")
        // Azure Cache for Redis listens with TLS on 6380: on by default there.
        #expect(redis.tls?.verifyPeer == true)
    }

    @Test func everyProblemIsReportedAtOnce() {
        var environment = EnvironmentReader([
            "REDIS_PORT": "seventy", "REDIS_SSL": "maybe", "SB_REDIS_POOL_SIZE": "0", "REDIS_USER_NAME": "app",
        ])
        _ = RedisConfiguration(environment: &environment, clientName: "test")
        let error = #expect(throws: ConfigurationError.self) { try environment.validate() }
        #expect(error?.problems.count == 4)
        #expect(error?.description.contains("REDIS_PORT must be a whole number from 1 to 65535 (got \"seventy\")") == true)
        #expect(error?.description.contains("REDIS_SSL must be true or false") == true)
        #expect(error?.description.contains("REDIS_USER_NAME is set but REDIS_PASSWORD") == true)
    }

    @Test func booleansAcceptTheWordsThePythonBackendAccepts() {
        for (text, expected) in [("yes", true), ("ON", true), ("1", true), ("off", false), ("No", false), ("0", false)] {
            var environment = EnvironmentReader(["FLAG": text])
            #expect(environment.bool("FLAG", default: !expected) == expected)
            #expect(environment.problems.isEmpty)
        }
    }

    @Test func engineNamesThatAreNotBuiltStopStartUpNamingTheChoices() {
        var environment = EnvironmentReader([
            "SB_STT_ENGINE": "kaldi", "SB_TTS_ENGINE": "polly", "SB_LLM_ENGINE": "openai", "AZURE_SPEECH_KEY": "k",
        ])
        let engines = EngineSettings(environment: &environment)
        #expect(engines.missing == ["AZURE_OPENAI_ENDPOINT or SB_OPENAI_BASE_URL"])
        #expect(
            environment.problems == [
                "SB_STT_ENGINE must be one of whisper, pocketsphinx, azure, openai, noop (got \"kaldi\")",
                "SB_TTS_ENGINE must be one of flite, azure, openai, noop (got \"polly\")",
            ])
        #expect(engines.speechRecognition == "whisper")
        var cloud = EnvironmentReader(["SB_STT_ENGINE": "azure", "SB_TTS_ENGINE": "openai"])
        let chosen = EngineSettings(environment: &cloud)
        #expect(chosen.summary == "stt=azure, tts=openai, llm=scripted" && cloud.problems.isEmpty)
        var offline = EnvironmentReader([:])
        #expect(EngineSettings(environment: &offline).missing.isEmpty)
    }

    @Test func backoffDoublesUpToTheCap() {
        var configuration = RedisConfiguration()
        configuration.initialBackoff = .milliseconds(50)
        configuration.maximumBackoff = .milliseconds(300)
        #expect(
            (0...5).map { configuration.backoff(afterFailures: $0) } == [
                .zero, .milliseconds(50), .milliseconds(100), .milliseconds(200), .milliseconds(300), .milliseconds(300),
            ])
    }

    @Test func sessionKeysShareOneHashTag() {
        let keys = [
            RedisKeys.session("abc"), RedisKeys.sessionHistory("abc"), RedisKeys.sessionEvents("abc"),
            RedisKeys.sessionOwner("abc"), RedisKeys.sessionEpoch("abc"), RedisKeys.relay("abc"),
        ]
        #expect(keys.allSatisfy { $0.contains("{abc}") })
        #expect(Set(keys).count == keys.count)
    }

    @Test func envFilesNeverOverrideTheEnvironmentAndLocalWinsOverEnv() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sb-env-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try "# comment\nSB_A=from-env-file\nSB_B=from-env-file\nSB_C=\"quoted value\"\nSB_D=from-env-file\n".write(
            to: directory.appendingPathComponent(".env"), atomically: true, encoding: .utf8)
        try "SB_B=from-local\nSB_D=from-local\n".write(
            to: directory.appendingPathComponent(".env.local"), atomically: true, encoding: .utf8)
        let environment = try await EnvironmentReader.loading(directory: directory.path, environment: ["SB_D": "from-process", "SB_E": ""])
        #expect(environment.value("SB_A") == "from-env-file")
        #expect(environment.value("SB_B") == "from-local")
        #expect(environment.value("SB_C") == "quoted value")
        #expect(environment.value("SB_D") == "from-process")
        #expect(environment.value("SB_E") == nil)
        // No files at all is fine.
        let bare = try await EnvironmentReader.loading(directory: directory.appendingPathComponent("none").path, environment: [:])
        #expect(bare.value("SB_A") == nil)
    }

    @Test func secretsAreNeverShownInProblems() {
        var environment = EnvironmentReader(["SB_SOME_TOKEN": "hunter2", "SB_PORTISH": "eleven"])
        _ = environment.int("SB_SOME_TOKEN", default: 1, in: 1...10)
        _ = environment.int("SB_PORTISH", default: 1, in: 1...10)
        #expect(environment.problems.count == 2)
        #expect(!environment.problems[0].contains("hunter2") && environment.problems[0].contains("not shown"))
        #expect(environment.problems[1].contains("eleven"))
        #expect(EnvironmentReader.isSecret("AZURE_SPEECH_KEY") && EnvironmentReader.isSecret("ACS_CONNECTION_STRING"))
        #expect(EnvironmentReader.isSecret("AZURE_CLIENT_SECRET") && !EnvironmentReader.isSecret("SB_GATEWAY_PORT"))
    }
}
