import SwitchboardCore

/// `POST /api/v1/demo-env/temporary-user`: a synthetic demo customer to create.
package struct DemoUserRequest: APIType {
    package enum Channel: String, APIEnum {
        case email, sms
    }

    package enum Scenario: String, APIEnum {
        case banking, insurance
    }

    package var fullName: String
    package var email: String
    package var phoneNumber: String?
    package var preferredChannel: Channel?
    package var sessionID: String?
    package var scenario: Scenario?
    package var insuranceCompanyName: String?
    package var insuranceRole: String?
    package var testScenario: String?

    enum CodingKeys: String, CodingKey {
        case email, scenario
        case fullName = "full_name"
        case phoneNumber = "phone_number"
        case preferredChannel = "preferred_channel"
        case sessionID = "session_id"
        case insuranceCompanyName = "insurance_company_name"
        case insuranceRole = "insurance_role"
        case testScenario = "test_scenario"
    }

    package static var schemaDescription: String? { "Every broken limit is listed in one 422 answer (`errors[]`)." }
    package static var fields: [APIField<Self>] {
        [
            .field("full_name", \.fullName, "At most 120 characters, not only white space.", minLength: 1, maxLength: 120, pattern: "\\S"),
            .field("email", \.email, "Stored lower-cased.", maxLength: 254, pattern: "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$"),
            .field("phone_number", \.phoneNumber, pattern: "^\\+[0-9]{10,15}$"),
            .field("preferred_channel", "`email` when left out."),
            .field(
                "session_id", \.sessionID, "Puts the profile into this session, so agents greet the caller by name.", minLength: 5,
                maxLength: 120),
            .field("scenario", "`banking` when left out."),
            .field("insurance_company_name", "Insurance only: the institution name."),
            .field("insurance_role", "Accepted for compatibility; not used."),
            .field("test_scenario", "Accepted for compatibility; not used."),
        ]
    }
}
