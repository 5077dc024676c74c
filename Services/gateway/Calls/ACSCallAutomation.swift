import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import SwitchboardCore

/// The ACS Call Automation REST client (GA `api-version`, HMAC-signed): place, answer, hang up
/// and transfer calls, start recording and continuous DTMF recognition.
///
/// Every request has a time-out; 429 and 5xx answers and lost connections are retried (up to
/// `maxAttempts`, honouring `Retry-After`). Requests that create something carry
/// `Repeatability-Request-ID`/`Repeatability-First-Sent`, so a retry never places a second call.
struct ACSCallAutomation: Sendable {
    let settings: TelephonySettings.ACS
    let client: HTTPClient
    let logger: Logger

    private var signer: ACSRequestSigner { ACSRequestSigner(accessKey: self.settings.accessKey) }

    /// `POST /calling/callConnections` → the new call's properties (`callConnectionId`, `serverCallId`…).
    func createCall(_ body: JSONValue) async throws(ACSError) -> JSONValue {
        try await self.send(.POST, "/calling/callConnections", body: body, repeatable: true) ?? [:]
    }

    /// `POST /calling/callConnections:answer` with an Event Grid `incomingCallContext`.
    func answerCall(_ body: JSONValue) async throws(ACSError) -> JSONValue {
        try await self.send(.POST, "/calling/callConnections:answer", body: body, repeatable: true) ?? [:]
    }

    /// Hangs the call up for everyone (`:terminate`).
    func terminate(callConnectionID: String) async throws(ACSError) {
        _ = try await self.send(.POST, "/calling/callConnections/\(Self.escape(callConnectionID)):terminate", body: nil, repeatable: true)
    }

    /// Transfers the caller to a phone number (`:transferToParticipant`).
    func transfer(callConnectionID: String, to target: String, operationContext: String) async throws(ACSError) {
        let body: JSONValue = ["targetParticipant": Self.phoneIdentifier(target), "operationContext": .string(operationContext)]
        _ = try await self.send(
            .POST, "/calling/callConnections/\(Self.escape(callConnectionID)):transferToParticipant", body: body, repeatable: true)
    }

    /// Starts recording the call's audio (mixed WAV), into `containerURL` when given.
    func startRecording(serverCallID: String, containerURL: String?, callbackURI: String?) async throws(ACSError) -> JSONValue {
        var body: [String: JSONValue] = [
            "callLocator": ["serverCallId": .string(serverCallID), "kind": "serverCallLocator"],
            "recordingContentType": "audio", "recordingChannelType": "mixed", "recordingFormatType": "wav",
        ]
        if let callbackURI { body["recordingStateCallbackUri"] = .string(callbackURI) }
        if let containerURL {
            body["externalStorage"] = [
                "recordingStorageKind": "azureBlobStorage", "recordingDestinationContainerUrl": .string(containerURL),
            ]
        }
        return try await self.send(.POST, "/calling/recordings", body: .object(body), repeatable: true) ?? [:]
    }

    /// Reports every key the caller presses as `ContinuousDtmfRecognitionToneReceived` callbacks.
    func startContinuousDtmfRecognition(callConnectionID: String, participant: String) async throws(ACSError) {
        let body: JSONValue = ["targetParticipant": Self.phoneIdentifier(participant), "operationContext": "dtmf"]
        _ = try await self.send(
            .POST, "/calling/callConnections/\(Self.escape(callConnectionID)):startContinuousDtmfRecognition", body: body,
            repeatable: false)
    }

    /// A phone number as a CommunicationIdentifierModel.
    static func phoneIdentifier(_ number: String) -> JSONValue {
        ["kind": "phoneNumber", "rawId": .string("4:" + number), "phoneNumber": ["value": .string(number)]]
    }

    private static func escape(_ id: String) -> String {
        id.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-_.~"))) ?? id
    }

    // MARK: Transport

    private func send(_ method: HTTPMethod, _ path: String, body: JSONValue?, repeatable: Bool) async throws(ACSError) -> JSONValue? {
        let pathAndQuery = "\(path)?api-version=\(self.settings.apiVersion)"
        let host = self.settings.endpoint.split(separator: "://", maxSplits: 1).last.map(String.init) ?? self.settings.endpoint
        let bytes = body.map { Array($0.jsonText.utf8) } ?? []
        let repeatability = repeatable ? (UUID().uuidString.lowercased(), ACSRequestSigner.rfc1123(Date())) : nil
        var attempt = 0
        while true {
            attempt += 1
            var request = HTTPClientRequest(url: self.settings.endpoint + pathAndQuery)
            request.method = method
            for (name, value) in self.signer.headers(method: method.rawValue, host: host, pathAndQuery: pathAndQuery, body: bytes) {
                request.headers.add(name: name, value: value)
            }
            if let (id, firstSent) = repeatability {
                request.headers.add(name: "Repeatability-Request-ID", value: id)
                request.headers.add(name: "Repeatability-First-Sent", value: firstSent)
            }
            if body != nil {
                request.headers.add(name: "Content-Type", value: "application/json")
                request.body = .bytes(ByteBuffer(bytes: bytes))
            }
            let retryAfter: Duration
            do {
                let response = try await self.client.execute(request, timeout: TimeAmount(self.settings.timeout))
                let payload = try await response.body.collect(upTo: 1 << 20)
                let json = payload.readableBytes > 0 ? JSONValue(jsonText: String(buffer: payload)) : nil
                let status = Int(response.status.code)
                if (200..<300).contains(status) { return json }
                let error = ACSError(status: status, json: json)
                guard status == 429 || status >= 500, attempt < self.settings.maxAttempts else { throw error }
                retryAfter = Self.retryAfter(response.headers, attempt: attempt)
                self.logger.warning(
                    "ACS request failed; retrying", metadata: ["acs.path": "\(path)", "http.status": "\(status)", "attempt": "\(attempt)"])
            } catch let error as ACSError {
                throw error
            } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
                guard attempt < self.settings.maxAttempts, repeatable else { throw ACSError.timeout }
                retryAfter = Self.backoff(attempt)
            } catch is CancellationError {
                throw ACSError.unreachable
            } catch {
                guard attempt < self.settings.maxAttempts else { throw ACSError.unreachable }
                retryAfter = Self.backoff(attempt)
                self.logger.warning("ACS unreachable; retrying", metadata: ["acs.path": "\(path)", "error": "\(error)"])
            }
            do { try await Task.sleep(for: retryAfter) } catch { throw ACSError.unreachable }
        }
    }

    /// `Retry-After` in seconds (at most 10), else exponential back-off.
    private static func retryAfter(_ headers: HTTPHeaders, attempt: Int) -> Duration {
        if let seconds = headers.first(name: "Retry-After").flatMap(Double.init), seconds >= 0 {
            return .milliseconds(Int(min(seconds, 10) * 1000))
        }
        return self.backoff(attempt)
    }

    private static func backoff(_ attempt: Int) -> Duration { .milliseconds(250 << min(attempt - 1, 5)) }
}

/// A failed Call Automation request: ACS's status and error code, or no answer at all.
struct ACSError: Error, CustomStringConvertible {
    /// ACS's HTTP status; nil when it did not answer.
    var status: Int?
    var code: String
    var message: String

    static let timeout = ACSError(status: nil, code: "Timeout", message: "ACS did not answer in time")
    static let unreachable = ACSError(status: nil, code: "Unreachable", message: "ACS could not be reached")

    init(status: Int?, code: String, message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    init(status: Int, json: JSONValue?) {
        self.status = status
        self.code = json?["error"]?["code"]?.string ?? "HTTP\(status)"
        self.message = json?["error"]?["message"]?.string ?? "ACS answered \(status)"
    }

    var description: String { "\(self.code): \(self.message)" }
}
