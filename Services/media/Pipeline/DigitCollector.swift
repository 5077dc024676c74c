/// Gathers keypad digits into one agent turn: `#` ends the entry, `*` starts it over, and a pause
/// longer than `pause` ends it too (checked as caller messages arrive: phone carriers stream
/// audio every 20 ms, so a pause is seen within a frame).
struct DigitCollector {
    let pause: Duration
    private var digits = ""
    private var last: ContinuousClock.Instant?

    init(pause: Duration) {
        self.pause = pause
    }

    var isCollecting: Bool { !self.digits.isEmpty }

    /// Adds a key; returns the finished entry when it ends it.
    mutating func add(_ key: Character, at now: ContinuousClock.Instant) -> String? {
        switch key {
        case "#":
            return self.take()
        case "*":
            self.digits = ""
            self.last = nil
            return nil
        default:
            guard self.digits.count < 64 else { return nil }
            self.digits.append(key)
            self.last = now
            return nil
        }
    }

    /// The entry, when the caller has paused long enough after the last key.
    mutating func poll(at now: ContinuousClock.Instant) -> String? {
        guard let last = self.last, now - last >= self.pause else { return nil }
        return self.take()
    }

    private mutating func take() -> String? {
        defer {
            self.digits = ""
            self.last = nil
        }
        return self.digits.isEmpty ? nil : self.digits
    }
}
