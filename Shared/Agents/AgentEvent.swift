import SwitchboardCore

/// What happens during a turn, in order, for transports and dashboards.
package enum AgentEvent: Sendable, Hashable {
    /// Text the agent says, as it streams (a clause or a model delta).
    case text(agent: String, text: String)
    /// A greeting spoken after an announced hand-off or at the start of a call.
    case greeting(agent: String, text: String)
    case toolStart(agent: String, tool: String, callID: String, arguments: JSONValue)
    /// `status` is `success` or `error`.
    case toolEnd(agent: String, tool: String, callID: String, result: JSONValue, status: String, durationMS: Double)
    case agentChange(from: String, to: String, handoffType: String, reason: String?)
    /// The turn is over; `text` is everything the agent said in it.
    case turnEnd(agent: String, text: String, promptTokens: Int, completionTokens: Int)
}
