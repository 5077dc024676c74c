import SwitchboardCore

/// Picks the media worker for a new or moved session: the less loaded of two random live workers
/// (DESIGN §6), never one that already failed this call.
struct MediaDispatcher: Sendable {
    let registry: WorkerRegistry

    /// A `voice_live` session goes only to a worker with a speech-to-speech service.
    func pick(excluding excluded: Set<String> = [], mode: MediaStart.Mode = .media) async throws -> WorkerInfo? {
        let candidates = try await self.registry.liveWorkers().filter {
            !excluded.contains($0.id) && $0.activeSessions < $0.capacity && (mode != .voiceLive || $0.voiceLive)
        }
        guard !candidates.isEmpty else { return nil }
        let two = candidates.shuffled().prefix(2)
        return two.min { $0.load < $1.load }
    }
}
