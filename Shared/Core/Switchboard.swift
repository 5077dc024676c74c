/// What this build is: `switchboard_build_info` names it on every service's `/metrics`.
package enum Switchboard {
    /// The release of these sources.
    package static let version = "0.12.0"

    /// The Swift compiler that built them.
    package static var swiftVersion: String {
        #if compiler(>=6.4)
            "6.4+"
        #elseif compiler(>=6.3)
            "6.3"
        #elseif compiler(>=6.2)
            "6.2"
        #else
            "older"
        #endif
    }
}
