import ArgumentParser
import Foundation
import Logging
import SwitchboardMedia

/// `switchboard-caller`: a simulated phone or browser caller for a running stack. Prints each
/// turn's latency (the caller's last audible frame → the agent's first audible one) and what the
/// agent said, and with several callers the latency percentiles and late frames.
@main
struct CallerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "switchboard-caller",
        abstract: "A simulated phone or browser caller for a running Switchboard stack.",
        discussion: """
            Lines given with --say are synthesised with Flite and spoken as a phone does (each frame \
            sent once it has been spoken); a line starting with `text:` is typed instead (browser). \
            Exit status 1 when a turn gets no answer or a call fails.
            """)

    @Option(help: "The gateway's WebSocket origin (a media worker's with --protocol internal).")
    var url = "ws://127.0.0.1:8080"
    @Option(
        name: .customLong("protocol"),
        help: "acs (ACS media streaming), browser (the browser conversation) or internal (a worker's session socket).")
    var transport: SimulatedCaller.Transport = .acs
    @Option(help: "Callers at once.")
    var callers = 1
    @Flag(help: "Speak over the agent's greeting and report when its audio stops.")
    var bargeIn = false
    @Option(help: "The browser's streaming mode: realtime, transcription, media or voice_live.")
    var mode = "realtime"
    @Option(help: "The browser client's sample rate: 8000, 16000, 24000 or 48000.")
    var rate = 16_000
    @Option(name: .customLong("session-id"), help: "The session id (ID-1, ID-2… with several callers).")
    var sessionID: String?
    @Option(
        name: .customLong("call-id"),
        help: "Connect as ACS does for a placed or answered call (header x-ms-call-connection-id, no session id).")
    var callID: String?
    @Option(name: .customLong("header"), help: "An upgrade header, 'Name: value' (ACS's 'Authorization: Bearer …').")
    var headers: [Header] = []
    @Option(help: "A line to say (repeatable, in order; without --say or --wav: \"I lost my card\").")
    var say: [String] = []
    @Option(help: "A PCM16 WAV recording to play after the --say lines (any rate, resampled to 16 kHz).")
    var wav: [String] = []

    struct Header: ExpressibleByArgument {
        var name: String
        var value: String
        init?(argument: String) {
            guard let colon = argument.firstIndex(of: ":"), colon != argument.startIndex else { return nil }
            self.name = String(argument[..<colon])
            self.value = String(argument[argument.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
        }
    }

    func validate() throws {
        guard self.callers >= 1 else { throw ValidationError("--callers must be at least 1") }
        guard [8000, 16_000, 24_000, 48_000].contains(self.rate) else {
            throw ValidationError("--rate must be 8000, 16000, 24000 or 48000")
        }
        guard ["realtime", "transcription", "media", "voice_live"].contains(self.mode) else {
            throw ValidationError("--mode must be realtime, transcription, media or voice_live")
        }
        for file in self.wav where !FileManager.default.isReadableFile(atPath: file) {
            throw ValidationError("--wav \(file): no such readable file")
        }
    }

    func run() async throws {
        let callers = self.callers
        var lines = self.say + self.wav.map { "wav:" + $0 }
        if lines.isEmpty { lines = ["I lost my card"] }
        var logger = Logger(label: "caller")
        logger.logLevel = .warning
        let synthesizer = try FliteSynthesizer(defaultVoice: "rms")
        let simulated = (0..<callers).map { index in
            var caller = SimulatedCaller(
                url: self.url, proto: self.transport, lines: lines, bargeIn: self.bargeIn, synthesizer: synthesizer, logger: logger)
            caller.mode = self.mode
            caller.sampleRate = self.rate
            caller.sessionID = self.sessionID.map { callers == 1 ? $0 : "\($0)-\(index + 1)" }
            caller.callID = self.callID
            caller.headers = self.headers.map { ($0.name, $0.value) }
            return caller
        }
        let reports: [SimulatedCaller.Report]
        do {
            reports = try await withThrowingTaskGroup(of: SimulatedCaller.Report.self) { group in
                for caller in simulated {
                    group.addTask { try await caller.run() }
                }
                var reports: [SimulatedCaller.Report] = []
                for try await report in group { reports.append(report) }
                return reports
            }
        } catch {
            // The server closed or refused a call (no worker yet, bad input): say so, do not crash.
            FileHandle.standardError.write(Data("switchboard-caller: a call failed: \(error)\n".utf8))
            throw ExitCode(1)
        }
        for report in reports.prefix(callers == 1 ? 1 : 0) {
            print("session \(report.sessionID): greeting \(report.greetingFrames) frames")
            for turn in report.turns {
                let latency = turn.latencyMS.map { "\(Int($0)) ms" } ?? "no answer"
                print("  caller: \(turn.said)\n  agent answered in \(latency) (\(turn.answerFrames) frames)")
                for line in turn.heard { print("    \(line)") }
            }
            if let barge = report.bargeInMS { print("  barge-in: audio stopped \(Int(barge)) ms after the caller's speech began") }
            if let quiet = report.quietMS {
                print("  barge-in: the last agent frame arrived \(Int(quiet)) ms after the caller's speech began")
            }
        }
        let latencies = reports.flatMap { report in report.turns.compactMap { $0.latencyMS } }.sorted()
        func percentile(_ p: Double) -> String {
            latencies.isEmpty ? "-" : "\(Int(latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))])) ms"
        }
        let answered = reports.flatMap(\.turns).filter { $0.latencyMS != nil }.count
        print(
            "callers: \(callers), turns answered: \(answered)/\(reports.flatMap(\.turns).count), latency p50 \(percentile(0.5)) p95 \(percentile(0.95)) max \(latencies.last.map { "\(Int($0)) ms" } ?? "-"), late frames: \(reports.reduce(0) { $0 + $1.lateFrames }), longest audio gap: \(Int(reports.map(\.longestGapMS).max() ?? 0)) ms"
        )
        if answered < reports.flatMap(\.turns).count { throw ExitCode(1) }
    }
}

extension SimulatedCaller.Transport: ExpressibleByArgument {}
