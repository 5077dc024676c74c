import Foundation
import Logging
import ServiceLifecycle
import SwitchboardCore
import SwitchboardRedis
import Synchronization

/// The carrier sockets this gateway holds, by call id, so call events received by any gateway
/// (a hang-up, a DTMF tone from Call Automation) reach the socket: they are published on
/// `sb:calls:control` and each gateway applies those for its own calls.
final class LiveCalls: Sendable {
    struct Registration: Sendable {
        let callID: String
        let token: UUID
    }

    private struct Entry {
        var token: UUID
        var upstream: UpstreamQueue
        var writer: CallerWriter
    }

    private let entries = Mutex<[String: Entry]>([:])

    func register(_ callID: String, upstream: UpstreamQueue, writer: CallerWriter) -> Registration {
        let token = UUID()
        self.entries.withLock { $0[callID] = Entry(token: token, upstream: upstream, writer: writer) }
        return Registration(callID: callID, token: token)
    }

    func remove(_ registration: Registration) {
        self.entries.withLock { entries in
            if entries[registration.callID]?.token == registration.token { entries[registration.callID] = nil }
        }
    }

    /// Applies one control message; false when the call is not on this gateway.
    @discardableResult
    func apply(_ message: CallControlMessage) async -> Bool {
        guard let entry = self.entries.withLock({ $0[message.callID] }) else { return false }
        switch message.action {
        case .end(let reason):
            entry.upstream.finish()
            await entry.writer.close(reason: reason)
        case .dtmf(let digit):
            entry.upstream.yield(.control(.dtmf(digit)))
        }
        return true
    }
}

/// A call control message between gateways.
struct CallControlMessage: Sendable, Equatable {
    enum Action: Sendable, Equatable {
        case end(String)
        case dtmf(String)
    }

    var callID: String
    var action: Action

    var json: JSONValue {
        switch self.action {
        case .end(let reason): ["call_id": .string(self.callID), "action": "end", "reason": .string(reason)]
        case .dtmf(let digit): ["call_id": .string(self.callID), "action": "dtmf", "digit": .string(digit)]
        }
    }

    /// `PUBLISH` on `sb:calls:control`, for pipelines.
    var publishCommand: RedisCommand {
        RedisCommand("PUBLISH", [.string(RedisKeys.callControl), .string(self.json.jsonText)])
    }

    init(callID: String, action: Action) {
        self.callID = callID
        self.action = action
    }

    init?(text: String) {
        guard let json = JSONValue(jsonText: text), let callID = json["call_id"]?.string else { return nil }
        switch json["action"]?.string {
        case "end": self.init(callID: callID, action: .end(json["reason"]?.string ?? "call ended"))
        case "dtmf":
            guard let digit = json["digit"]?.string else { return nil }
            self.init(callID: callID, action: .dtmf(digit))
        default: return nil
        }
    }
}

/// Listens on `sb:calls:control` for the calls this gateway carries.
struct CallControlService: Service {
    let redis: RedisClient
    let calls: LiveCalls
    let logger: Logger

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                try await self.redis.subscribe(to: [RedisKeys.callControl]) { subscription in
                    for await message in subscription.cancelOnGracefulShutdown() {
                        guard let control = CallControlMessage(text: message.string) else { continue }
                        await self.calls.apply(control)
                    }
                }
            } catch is CancellationError {
                return
            } catch {
                self.logger.warning("call control subscription lost; retrying", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }

    /// Sends a control message to whichever gateway carries the call.
    static func publish(_ message: CallControlMessage, redis: RedisClient) async throws {
        _ = try await redis.send(message.publishCommand).checked()
    }
}
