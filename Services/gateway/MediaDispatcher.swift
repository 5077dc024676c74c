import SwitchboardCore

/// Picks the media worker for a new or moved session: the less loaded of two random live workers
/// (DESIGN §6), never one that failed this call — unless it has registered since (restarted).
struct MediaDispatcher: Sendable {
    let registry: WorkerRegistry

    /// `excluded`: worker id → when it failed this call (ms since 1970); such a worker is picked
    /// again only once its heartbeat is newer. A `voice_live` session goes only to a worker with
    /// a speech-to-speech service.
    func pick(excluding excluded: [String: Int64] = [:], mode: MediaStart.Mode = .media) async throws -> WorkerInfo? {
        let candidates = try await self.registry.liveWorkers().filter { worker in
            (excluded[worker.id].map { worker.updatedAt > $0 } ?? true) && worker.activeSessions < worker.capacity
                && (mode != .voiceLive || worker.voiceLive)
        }
        guard !candidates.isEmpty else { return nil }
        let two = candidates.shuffled().prefix(2)
        return two.min { $0.load < $1.load }
    }
}
