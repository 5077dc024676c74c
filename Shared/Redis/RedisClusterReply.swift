/// What a cluster node's error reply asks the client to do: follow a redirection, or wait and retry.
enum RedisClusterReply: Equatable {
    /// The slot lives on another node for good: update the map and resend there.
    case moved(slot: Int, to: RedisConfiguration.Endpoint)
    /// The slot is being migrated and this key has moved already: resend there once, after `ASKING`.
    case ask(slot: Int, to: RedisConfiguration.Endpoint)
    /// A multi-key command during a migration, or the cluster without a master for the slot
    /// (a failover in progress): wait, then retry.
    case retry

    /// Reads an error reply's text; `nil` for any other error.
    ///
    /// - Parameter current: the node that answered, for an endpoint given as `:port` (the node
    ///   does not know its own address).
    init?(error text: String, current: RedisConfiguration.Endpoint) {
        let words = text.split(separator: " ")
        switch words.first {
        case "MOVED", "ASK":
            guard words.count >= 3, let slot = Int(words[1]) else { return nil }
            var endpoint = RedisConfiguration.Endpoint(words[2])
            if endpoint?.host.isEmpty == true { endpoint?.host = current.host }
            guard let endpoint else { return nil }
            self = words[0] == "MOVED" ? .moved(slot: slot, to: endpoint) : .ask(slot: slot, to: endpoint)
        case "TRYAGAIN", "CLUSTERDOWN", "MASTERDOWN", "LOADING":
            self = .retry
        default:
            return nil
        }
    }

    /// Whether an error reply is one of these.
    static func isRedirectOrRetry(_ value: RESPValue) -> Bool {
        guard case .error(let text) = value else { return false }
        return Self(error: text, current: .init(host: "", port: 1)) != nil
    }
}
