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

/// A synthetic demo customer: `POST` and `GET /api/v1/demo-env/temporary-user`.
package struct DemoUserResponse: APIType {
    /// The customer's profile.
    package struct Profile: APIType {
        /// What the customer verifies with.
        package struct VerificationCodes: APIType {
            package var ssnLast4: String
            @Nullable package var mfaCode: String?

            package init(ssnLast4: String, mfaCode: String?) {
                self.ssnLast4 = ssnLast4
                self.mfaCode = mfaCode
            }

            enum CodingKeys: String, CodingKey {
                case ssnLast4 = "ssn_last4"
                case mfaCode = "mfa_code"
            }

            package static var schemaName: String { "DemoVerificationCodes" }
            package static var fields: [APIField<Self>] {
                [.field("ssn_last4", "Say these four digits to verify by voice.", example: "1234")]
            }
        }

        /// How to reach the customer.
        package struct ContactInfo: APIType {
            package var email: String
            @Nullable package var phone: String?
            package var preferredChannel: DemoUserRequest.Channel

            package init(email: String, phone: String?, preferredChannel: DemoUserRequest.Channel) {
                self.email = email
                self.phone = phone
                self.preferredChannel = preferredChannel
            }

            enum CodingKeys: String, CodingKey {
                case email, phone
                case preferredChannel = "preferred_channel"
            }

            package static var schemaName: String { "DemoContactInfo" }
        }

        @Nullable package var clientID: String?
        package var fullName: String
        package var email: String
        @Nullable package var phoneNumber: String?
        @Nullable package var relationshipTier: String?
        package var createdAt: String
        @Nullable package var institutionName: String?
        package var verificationCodes: VerificationCodes
        package var contactInfo: ContactInfo

        package init(
            clientID: String?, fullName: String, email: String, phoneNumber: String?, relationshipTier: String?, createdAt: String,
            institutionName: String?, verificationCodes: VerificationCodes, contactInfo: ContactInfo
        ) {
            self.clientID = clientID
            self.fullName = fullName
            self.email = email
            self.phoneNumber = phoneNumber
            self.relationshipTier = relationshipTier
            self.createdAt = createdAt
            self.institutionName = institutionName
            self.verificationCodes = verificationCodes
            self.contactInfo = contactInfo
        }

        enum CodingKeys: String, CodingKey {
            case email
            case clientID = "client_id"
            case fullName = "full_name"
            case phoneNumber = "phone_number"
            case relationshipTier = "relationship_tier"
            case createdAt = "created_at"
            case institutionName = "institution_name"
            case verificationCodes = "verification_codes"
            case contactInfo = "contact_info"
        }

        package static var schemaName: String { "DemoProfile" }
        package static var fields: [APIField<Self>] {
            [
                .field("client_id", example: "CLT-123456"), .field("relationship_tier", example: "Gold"),
                .field("created_at", "ISO 8601."), .field("institution_name", example: "Contoso Bank"),
            ]
        }
    }

    /// How the demo reaches the customer.
    package struct InteractionPlan: APIType {
        package var primaryChannel: DemoUserRequest.Channel
        package var fallbackChannel: DemoUserRequest.Channel
        package var notificationMessage: String
        package var mfaRequired: Bool

        package init(primaryChannel: DemoUserRequest.Channel, notificationMessage: String, mfaRequired: Bool) {
            self.primaryChannel = primaryChannel
            self.fallbackChannel = primaryChannel == .email ? .sms : .email
            self.notificationMessage = notificationMessage
            self.mfaRequired = mfaRequired
        }

        enum CodingKeys: String, CodingKey {
            case primaryChannel = "primary_channel"
            case fallbackChannel = "fallback_channel"
            case notificationMessage = "notification_message"
            case mfaRequired = "mfa_required"
        }

        package static var schemaName: String { "DemoInteractionPlan" }
    }

    package var entryID: String
    package var expiresAt: String
    package var profile: Profile
    @Nullable package var transactions: [JSONValue]?
    @Nullable package var policies: [JSONValue]?
    package var interactionPlan: InteractionPlan
    @Nullable package var sessionID: String?
    package var scenario: DemoUserRequest.Scenario
    package var safetyNotice: String

    package init(
        entryID: String, expiresAt: String, profile: Profile, transactions: [JSONValue]?, policies: [JSONValue]?,
        interactionPlan: InteractionPlan, sessionID: String?, scenario: DemoUserRequest.Scenario, safetyNotice: String
    ) {
        self.entryID = entryID
        self.expiresAt = expiresAt
        self.profile = profile
        self.transactions = transactions
        self.policies = policies
        self.interactionPlan = interactionPlan
        self.sessionID = sessionID
        self.scenario = scenario
        self.safetyNotice = safetyNotice
    }

    enum CodingKeys: String, CodingKey {
        case profile, transactions, policies, scenario
        case entryID = "entry_id"
        case expiresAt = "expires_at"
        case interactionPlan = "interaction_plan"
        case sessionID = "session_id"
        case safetyNotice = "safety_notice"
    }

    package static var fields: [APIField<Self>] {
        [
            .field("entry_id", example: "demo-entry-543078"), .field("expires_at", "ISO 8601: 24 hours after creation."),
            .field(
                "transactions",
                "Banking only (else null): recent card transactions (`transaction_id`, `merchant`, `amount`, `category`, `card_last4`, `timestamp`, `risk_score`, `location`)."
            ),
            .field("policies", "Insurance only (else null): policies (`policy_number`, `type`, `status`, `coverages`, `deductible`)."),
        ]
    }
}
