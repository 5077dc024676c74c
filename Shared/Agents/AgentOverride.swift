import SwitchboardCore

/// Runtime overrides of an agent (docs/compatibility.md #12).
extension AgentDefinition {
    /// Applies a runtime override (`{model?, voice?}`) on top of the definition.
    package func overridden(by override: JSONValue?) -> AgentDefinition {
        guard let override else { return self }
        var agent = self
        if let model = override["model"] {
            agent.cascadeModel = Model(model, fallback: agent.cascadeModel)
            agent.model = Model(model, fallback: agent.model)
        }
        if let voice = override["voice"] {
            if let name = voice["voice_name"]?.string { agent.voice.name = name }
            if let style = voice["voice_style"]?.string { agent.voice.style = style }
        }
        return agent
    }
}

/// The TTS voices the builder offers (docs/compatibility.md §3.3).
package enum VoiceCatalog {
    package static let voices: [(name: String, display: String, category: String)] = [
        ("en-US-AlloyTurboMultilingualNeural", "Alloy (Turbo)", "turbo"), ("en-US-EchoTurboMultilingualNeural", "Echo (Turbo)", "turbo"),
        ("en-US-FableTurboMultilingualNeural", "Fable (Turbo)", "turbo"), ("en-US-OnyxTurboMultilingualNeural", "Onyx (Turbo)", "turbo"),
        ("en-US-NovaTurboMultilingualNeural", "Nova (Turbo)", "turbo"),
        ("en-US-ShimmerTurboMultilingualNeural", "Shimmer (Turbo)", "turbo"),
        ("en-US-AvaMultilingualNeural", "Ava", "standard"), ("en-US-AndrewMultilingualNeural", "Andrew", "standard"),
        ("en-US-EmmaMultilingualNeural", "Emma", "standard"), ("en-US-BrianMultilingualNeural", "Brian", "standard"),
        ("en-US-Ava:DragonHDLatestNeural", "Ava (HD)", "hd"), ("en-US-Andrew:DragonHDLatestNeural", "Andrew (HD)", "hd"),
        ("en-US-Brian:DragonHDLatestNeural", "Brian (HD)", "hd"), ("en-US-Emma:DragonHDLatestNeural", "Emma (HD)", "hd"),
    ]

}
