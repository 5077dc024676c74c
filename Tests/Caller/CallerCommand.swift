import Foundation
import Logging
import SwitchboardMedia

/// `switchboard-caller`: a simulated phone or browser caller for a running stack.
///
/// ```
/// switchboard-caller [--url ws://127.0.0.1:8080] [--protocol acs|browser|internal] [--callers N] [--barge-in]
///                    [--mode realtime|transcription] [--rate 16000|24000|48000] [--say "I lost my card" | --wav request.wav]...
/// ```
/// `--say` lines are synthesised with Flite; a line starting `text:` is typed (browser);
/// `--call-id ID` connects as ACS does for a placed or answered call (header `x-ms-call-connection-id`, no session id);
/// `--header "Name: value"` adds an upgrade header (ACS's `Authorization: Bearer …`). `--session-id` names the session (`ID-1`, `ID-2`… with several callers). `--wav` plays a PCM16 WAV recording (any rate, resampled to 16 kHz). `--rate` is the browser
/// client's sample rate. `--protocol internal` talks to a media worker's session socket directly
/// (`--url ws://<worker>`), to measure what the gateway adds.
/// Prints each turn's latency (the caller's last audible frame → the agent's first audible one) and what the agent said, and
/// with several callers the latency percentiles and late frames.
@main
struct CallerCommand {
    static func main() async throws {
        var arguments = Array(CommandLine.arguments.dropFirst())
        var url = "ws://127.0.0.1:8080"
        var proto = SimulatedCaller.Transport.acs
        var callers = 1
        var bargeIn = false
        var mode = "realtime"
        var rate = 16_000
        var sessionID: String?
        var callID: String?
        var headers: [(String, String)] = []
        var lines: [String] = []
        while !arguments.isEmpty {
            let flag = arguments.removeFirst()
            switch flag {
            case "--url": url = arguments.isEmpty ? url : arguments.removeFirst()
            case "--protocol": proto = arguments.isEmpty ? proto : SimulatedCaller.Transport(rawValue: arguments.removeFirst()) ?? proto
            case "--callers": callers = arguments.isEmpty ? 1 : max(1, Int(arguments.removeFirst()) ?? 1)
            case "--barge-in": bargeIn = true
            case "--mode": mode = arguments.isEmpty ? mode : arguments.removeFirst()
            case "--session-id": sessionID = arguments.isEmpty ? nil : arguments.removeFirst()
            case "--call-id": callID = arguments.isEmpty ? nil : arguments.removeFirst()
            case "--header":
                guard !arguments.isEmpty, let colon = arguments[0].firstIndex(of: ":") else { exit(64) }
                let header = arguments.removeFirst()
                headers.append(
                    (String(header[..<colon]), String(header[header.index(after: colon)...]).trimmingCharacters(in: .whitespaces)))
            case "--rate": rate = arguments.isEmpty ? rate : Int(arguments.removeFirst()) ?? rate
            case "--say": if !arguments.isEmpty { lines.append(arguments.removeFirst()) }
            case "--wav": if !arguments.isEmpty { lines.append("wav:" + arguments.removeFirst()) }
            default:
                FileHandle.standardError.write(
                    Data(
                        "usage: switchboard-caller [--url U] [--protocol acs|browser|internal] [--callers N] [--barge-in] [--mode realtime|transcription] [--rate HZ] [--session-id ID] [--call-id ID] [--header 'N: V'] [--say TEXT | --wav FILE]...\n"
                            .utf8))
                exit(64)
            }
        }
        if lines.isEmpty { lines = ["I lost my card"] }
        var logger = Logger(label: "caller")
        logger.logLevel = .warning
        let synthesizer = try FliteSynthesizer(defaultVoice: "rms")
        let simulated = (0..<callers).map { index in
            var caller = SimulatedCaller(url: url, proto: proto, lines: lines, bargeIn: bargeIn, synthesizer: synthesizer, logger: logger)
            caller.mode = mode
            caller.sampleRate = rate
            caller.sessionID = sessionID.map { callers == 1 ? $0 : "\($0)-\(index + 1)" }
            caller.callID = callID
            caller.headers = headers
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
            exit(1)
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
            "callers: \(callers), turns answered: \(answered)/\(reports.flatMap(\.turns).count), latency p50 \(percentile(0.5)) p95 \(percentile(0.95)) max \(latencies.last.map { "\(Int($0)) ms" } ?? "-"), late frames: \(reports.reduce(0) { $0 + $1.lateFrames })"
        )
        if answered < reports.flatMap(\.turns).count { exit(1) }
    }
}
