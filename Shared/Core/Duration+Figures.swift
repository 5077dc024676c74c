extension Duration {
    /// The duration in milliseconds, fractions kept: for latency figures.
    package var fractionalMilliseconds: Double {
        Double(self.components.seconds) * 1000 + Double(self.components.attoseconds) / 1e15
    }

    /// The duration in seconds, fractions kept.
    package var fractionalSeconds: Double {
        Double(self.components.seconds) + Double(self.components.attoseconds) / 1e18
    }
}

extension ContinuousClock.Instant {
    /// Milliseconds from this instant until now, to two decimals: the `response_time_ms` of answers.
    package var elapsedMilliseconds: Double {
        (self.duration(to: .now).fractionalMilliseconds * 100).rounded() / 100
    }
}
