/// `POST /api/v1/calls/terminate`: hang a call up for everyone.
package struct CallTerminateRequest: APIType {
    package var callID: String
    package var sessionID: String?
    package var reason: String?

    enum CodingKeys: String, CodingKey {
        case reason
        case callID = "call_id"
        case sessionID = "session_id"
    }

    package static var fields: [APIField<Self>] {
        [
            .field("call_id", \.callID, "The call's callConnectionId.", minLength: 1, maxLength: 128),
            .field("reason", "Kept on the call record (`normal` when left out)."),
        ]
    }
}

/// The answer to a hang-up request.
package struct CallTerminateResponse: APIType {
    package enum State: String, APIEnum {
        case terminated
    }

    package var callID: String
    package var status = State.terminated
    package var message: String

    package init(callID: String, message: String) {
        self.callID = callID
        self.message = message
    }

    enum CodingKeys: String, CodingKey {
        case status, message
        case callID = "call_id"
    }
}
