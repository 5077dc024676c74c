import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import SwitchboardAPI
import SwitchboardService

extension Router where Context == GatewayContext {
    /// Registers a WebSocket operation: an upgrade request opens the socket and runs `onUpgrade`;
    /// a plain HTTP request is 426 Upgrade Required (problem JSON), as the document says.
    private static var webSocketKey: HTTPField.Name { HTTPField.Name("Sec-WebSocket-Key")! }

    func ws(
        _ operation: APIOperation,
        headers: @escaping @Sendable (Request) -> HTTPFields = { _ in [:] },
        onUpgrade:
            @escaping @Sendable (WebSocketInboundStream, WebSocketOutboundWriter, WebSocketRouterContext<Context>) async throws
            -> Void
    ) {
        precondition(operation.isWebSocket, "\(operation.id) is not a WebSocket operation")
        self.ws(operation.routerPath) { request, _ in
            // Every WebSocket handshake carries its key (`Upgrade` itself is hop-by-hop and may be gone by now).
            guard request.headers[Self.webSocketKey] != nil else {
                throw ProblemDetails(
                    status: .init(code: 426, reasonPhrase: "Upgrade Required"),
                    detail: "This is a WebSocket endpoint: send Connection: Upgrade and Upgrade: websocket.")
            }
            return .upgrade(headers(request))
        } onUpgrade: { inbound, outbound, context in
            try await onUpgrade(inbound, outbound, context)
        }
    }
}
