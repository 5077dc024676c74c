import SwitchboardCore

/// Picks the media worker for a new or moved session: the less loaded of two random live workers
/// (DESIGN §6), never one that already failed this call.
struct MediaDispatcher: Sendable {
    let registry: WorkerRegistry

    func pick(excluding excluded: Set<String> = []) async throws -> WorkerInfo? {
        let candidates = try await self.registry.liveWorkers().filter { !excluded.contains($0.id) && $0.activeSessions < $0.capacity }
        guard !candidates.isEmpty else { return nil }
        let two = candidates.shuffled().prefix(2)
        return two.min { $0.load < $1.load }
    }
}
