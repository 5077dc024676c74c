import Foundation
import Logging
import SwitchboardAPI
import SwitchboardCore
import SwitchboardRedis

/// Carries out what agents ask of the call (worker `hangup` and `transfer` frames) through the
/// carrier's call control, and tells the session's dashboards what happened. Only the gateway
/// talks to carriers (DESIGN §7).
struct CallControl: Sendable {
    let acs: ACSCallAutomation?
    let store: CallStore
    /// Where transfers to a queue (not a phone number) go.
    let callCenterNumber: String?
    let logger: Logger

    var redis: RedisClient { self.store.redis }

    func perform(_ output: WorkerOutput, start: MediaStart) async {
        switch output {
        case .hangup(let reason):
            // Twilio and browser calls end when their socket closes; an ACS call is hung up for everyone.
            guard start.transport == .acs, let callID = start.callConnectionID, let acs = self.acs else { return }
            do {
                try await acs.terminate(callConnectionID: callID)
                self.logger.info("call hung up by the agent", metadata: ["call.id": "\(callID)", "reason": "\(reason)"])
            } catch {
                self.logger.warning("hang-up failed", metadata: ["call.id": "\(callID)", "error": "\(error)"])
            }
        case .transfer(let target):
            await self.transfer(target, start: start)
        default:
            return
        }
    }

    private func transfer(_ destination: String, start: MediaStart) async {
        let target = PhoneNumber.isE164(destination) ? destination : self.callCenterNumber ?? destination
        guard start.transport == .acs, let callID = start.callConnectionID, let acs = self.acs else {
            await self.announce(
                start.sessionID, status: "Transfer not available", message: "Transfers need an ACS phone call",
                event: "call_transfer_failed", data: ["target": .string(target), "reason": "not a phone call with call control"])
            return
        }
        guard PhoneNumber.isE164(target) else {
            await self.announce(
                start.sessionID, status: "Transfer failed", message: "Not a phone number: \(target)", event: "call_transfer_failed",
                data: [
                    "call_connection_id": .string(callID), "target": .string(target),
                    "reason": "not a phone number and SB_CALL_CENTER_NUMBER is unset",
                ])
            return
        }
        do {
            try await acs.transfer(callConnectionID: callID, to: target, operationContext: "transfer:\(start.sessionID)")
            await self.send(
                self.store.updateCommands(callID, ["transfer_target": target, "transfer_state": "requested"])
                    + self.announcementCommands(
                        start.sessionID, status: "Transferring", message: "📞 Transferring to \(target)", event: "call_transfer_requested",
                        data: ["call_connection_id": .string(callID), "target": .string(target)]))
        } catch {
            self.logger.warning("transfer failed", metadata: ["call.id": "\(callID)", "error": "\(error)"])
            await self.announce(
                start.sessionID, status: "Transfer failed", message: "Transfer failed: \(error)", event: "call_transfer_failed",
                data: ["call_connection_id": .string(callID), "target": .string(target), "reason": .string("\(error)")])
        }
    }

    /// Tells the session's dashboards (a status and an event envelope).
    func announce(_ sessionID: String, status label: String, message: String, event: String, data: [String: JSONValue]) async {
        await self.send(self.announcementCommands(sessionID, status: label, message: message, event: event, data: data))
    }

    /// The commands that publish a status envelope and an event envelope to the session's dashboards
    /// (docs/compatibility.md §2.4 shapes).
    func announcementCommands(
        _ sessionID: String, status label: String, message: String, event: String, data: [String: JSONValue]
    ) -> [RedisCommand] {
        let timestamp = CallStore.timestamp()
        let status = Envelope.make(
            type: "status", sessionID: sessionID, sender: "System",
            payload: ["message": .string(message), "label": .string(label), "timestamp": .string(timestamp)])
        var fields = data
        fields["timestamp"] = .string(timestamp)
        let eventEnvelope = Envelope.make(
            type: "event", sessionID: sessionID, sender: "System", payload: ["event_type": .string(event), "data": .object(fields)])
        return SessionEvents.publishCommands(sessionID: sessionID, envelope: status.jsonText)
            + SessionEvents.publishCommands(sessionID: sessionID, envelope: eventEnvelope.jsonText)
    }

    /// One pipeline of call-record updates and announcements; a Redis failure is logged, the call goes on.
    func send(_ commands: [RedisCommand]) async {
        do {
            for reply in try await self.redis.pipeline(commands) { _ = try reply.checked() }
        } catch {
            self.logger.warning("cannot record or publish a call event", metadata: ["error": "\(error)"])
        }
    }
}
