import NIOCore
import NIOWebSocket
import SwitchboardCore

/// One carrier's wire format at the gateway's edge (ACS, Twilio, browser; later SIP, Vonage):
/// carrier messages in → caller audio or control; the worker's frames, parsed once into
/// ``WorkerOutput``, out → carrier messages. Adding a carrier means adding one of these.
protocol CarrierSerializer: Sendable {
    /// The transport the worker is told about, and the label of the gateway's call metrics.
    var transport: MediaStart.Transport { get }
    /// Whether the session starts at once (browser) or waits for the carrier's own start message.
    var startsImmediately: Bool { get }
    /// Reads one message from the caller.
    func decode(_ message: CallerFrame) -> CallerInput
    /// The messages that carry one worker frame to the caller (none when the carrier has no use for it).
    func encode(_ output: WorkerOutput) -> [String]
    /// The last messages before the socket closes, if the carrier has any.
    func farewell(reason: String) -> [String]
}

extension CarrierSerializer {
    var startsImmediately: Bool { false }
    func farewell(reason: String) -> [String] { [] }
}

/// A message from the caller's socket, as the serializer sees it.
enum CallerFrame {
    case text(String)
    case binary(ByteBuffer)
}

/// What one caller message means.
enum CallerInput {
    /// The carrier's own start: the session may begin, with what the carrier told.
    case begin(CarrierStart)
    case audio(ByteBuffer)
    case control(MediaControl)
    /// The carrier says the call is over (Twilio `stop`).
    case end
    /// Close the socket with this code and reason.
    case refuse(WebSocketErrorCode, String)
    /// Nothing to do (keep-alives, metadata we do not use, malformed messages).
    case ignore
}

/// What a carrier's start message tells about the call.
struct CarrierStart: Sendable {
    var sampleRate: Int
    var callID: String?
    /// Custom parameters (Twilio `<Parameter>`), e.g. `session_id`.
    var parameters: [String: String] = [:]
}

/// A worker's frame, parsed once.
enum WorkerOutput: Sendable {
    case audio(ByteBuffer)
    case clear
    case event(JSONValue)
    /// The audio before this point belongs to one sentence; tell the worker when it has played.
    case mark(String)
    case hangup(String)
    case transfer(String)
    case other

    init(_ control: MediaControl?) {
        switch control {
        case .clear?: self = .clear
        case .event(let envelope)?: self = .event(envelope)
        case .mark(let name)?: self = .mark(name)
        case .hangup(let reason)?: self = .hangup(reason)
        case .transfer(let target)?: self = .transfer(target)
        default: self = .other
        }
    }
}
