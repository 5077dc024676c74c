import Hummingbird
import HummingbirdWebSocket
import NIOCore

/// The gateway's request context: a WebSocket-capable context that also knows the peer's
/// address (for per-client limits) and, once ``AuthMiddleware`` has run, who is calling.
struct GatewayContext: RequestContext, WebSocketRequestContext, RemoteAddressRequestContext {
    var coreContext: CoreRequestContextStorage
    let webSocket: WebSocketHandlerReference<Self>
    let remoteAddress: SocketAddress?
    /// What ``AuthMiddleware`` decided.
    var access: Access = .open

    init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.webSocket = .init()
        self.remoteAddress = source.channel.remoteAddress
    }
}

/// The verdict on a request's token.
enum Access: Sendable {
    /// No token needed: authentication is off, or the route is not guarded.
    case open
    case granted(Principal)
    /// A browser socket whose token failed: the socket closes with 1008 and this reason.
    case refused(String)

    var principal: Principal? {
        if case .granted(let principal) = self { principal } else { nil }
    }
}
