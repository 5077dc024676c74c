extension RedisCommand {
    /// The keys (and, for sharded pub/sub, the channel) the command touches, which decide where a
    /// cluster client sends it; empty for commands any node can answer (`PING`, `PUBLISH`, `SCRIPT`).
    ///
    /// Covers the commands Switchboard sends; any other command is taken to have its key first.
    package var keys: [String] {
        let name = self.name
        if Self.keyless.contains(name) { return [] }
        let words = self.arguments.dropFirst().map(\.keyText)
        switch name {
        case "DEL", "UNLINK", "EXISTS", "MGET", "TOUCH", "WATCH", "SINTER", "SUNION", "SDIFF", "PFCOUNT":
            return words
        case "MSET", "MSETNX":
            return stride(from: 0, to: words.count, by: 2).map { words[$0] }
        case "EVAL", "EVALSHA", "EVAL_RO", "EVALSHA_RO", "FCALL", "FCALL_RO":
            guard words.count >= 2, let count = Int(words[1]), count > 0 else { return [] }
            return Array(words.dropFirst(2).prefix(count))
        case "XREAD", "XREADGROUP":
            guard let streams = words.firstIndex(where: { $0.uppercased() == "STREAMS" }) else { return [] }
            let rest = words[(streams + 1)...]
            return Array(rest.prefix(rest.count / 2))
        case "RENAME", "RENAMENX", "SMOVE", "LMOVE", "RPOPLPUSH", "BLMOVE", "BRPOPLPUSH", "COPY":
            return Array(words.prefix(2))
        case "BLPOP", "BRPOP", "BZPOPMIN", "BZPOPMAX":
            return Array(words.dropLast())
        case "XGROUP", "XINFO", "OBJECT", "MEMORY":
            return words.count >= 2 ? [words[1]] : []
        default:
            return words.first.map { [$0] } ?? []
        }
    }

    /// The hash slot every key of the command is in, `nil` for keyless commands.
    ///
    /// Stops a debug build when the keys span slots: Redis Cluster would answer `CROSSSLOT`, so
    /// such a command must be split per slot or its keys given one hash tag.
    package var slot: Int? {
        let keys = self.keys
        guard let first = keys.first else { return nil }
        let slot = RedisHashSlot.of(first)
        assert(
            keys.allSatisfy { RedisHashSlot.of($0) == slot },
            "\(self.name) touches keys in different hash slots (\(keys)); give them one hash tag or split the command"
        )
        return slot
    }

    private static let keyless: Set<String> = [
        "PING", "ECHO", "AUTH", "HELLO", "SELECT", "CLIENT", "CLUSTER", "INFO", "CONFIG", "COMMAND", "DEBUG", "TIME",
        "DBSIZE", "FLUSHALL", "FLUSHDB", "SCRIPT", "FUNCTION", "PUBLISH", "PUBSUB", "SUBSCRIBE", "PSUBSCRIBE",
        "UNSUBSCRIBE", "PUNSUBSCRIBE", "SCAN", "KEYS", "RANDOMKEY", "MULTI", "EXEC", "DISCARD", "UNWATCH", "WAIT",
        "READONLY", "READWRITE", "ASKING", "LASTSAVE", "SAVE", "BGSAVE", "ROLE", "SLOWLOG", "LATENCY", "MONITOR",
        "SHUTDOWN", "SWAPDB", "QUIT", "RESET",
    ]
}

extension RedisArgument {
    /// The argument as text, for key routing.
    var keyText: String {
        switch self {
        case .string(let text): text
        case .bytes(let bytes): String(buffer: bytes)
        case .integer(let number): String(number)
        case .double(let number): String(number)
        }
    }
}
