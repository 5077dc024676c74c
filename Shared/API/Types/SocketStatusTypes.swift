import SwitchboardCore

extension MediaStart.Mode: APIEnum {}

/// `GET /api/v1/media/status`: the ACS media socket.
package struct MediaStatus: APIType {
    /// What the socket offers; all true.
    package struct Features: APIType {
        package var realTimeAudio = true
        package var transcription = true
        package var orchestratorSupport = true
        package var sessionManagement = true

        package init() {}

        enum CodingKeys: String, CodingKey {
            case transcription
            case realTimeAudio = "real_time_audio"
            case orchestratorSupport = "orchestrator_support"
            case sessionManagement = "session_management"
        }

        package static var schemaName: String { "MediaFeatures" }
    }

    package var status = Available.available
    package var streamingMode: MediaStart.Mode
    package var websocketEndpoint = "/api/v1/media/stream"
    package var protocolsSupported = [WebSocketProtocol.webSocket]
    package var features = Features()
    package var version = APIVersion.v1
    package var activeConnections: Int

    package init(streamingMode: MediaStart.Mode, activeConnections: Int) {
        self.streamingMode = streamingMode
        self.activeConnections = activeConnections
    }

    enum CodingKeys: String, CodingKey {
        case status, features, version
        case streamingMode = "streaming_mode"
        case websocketEndpoint = "websocket_endpoint"
        case protocolsSupported = "protocols_supported"
        case activeConnections = "active_connections"
    }

    package static var fields: [APIField<Self>] {
        [
            .field("streaming_mode", "`ACS_STREAMING_MODE` of the gateway."),
            .field("websocket_endpoint", example: "/api/v1/media/stream"),
            .field("active_connections", \.activeConnections, "ACS media sockets open on this gateway.", minimum: 0),
        ]
    }
}

/// `GET /api/v1/browser/status`: the browser sockets.
package struct BrowserStatus: APIType {
    /// The two browser sockets.
    package struct Endpoints: APIType {
        package var dashboardRelay = "/api/v1/browser/dashboard/relay"
        package var conversation = "/api/v1/browser/conversation"

        package init() {}

        enum CodingKeys: String, CodingKey {
            case conversation
            case dashboardRelay = "dashboard_relay"
        }

        package static var schemaName: String { "BrowserEndpoints" }
    }

    /// What the sockets offer; all true.
    package struct Features: APIType {
        package var dashboardBroadcasting = true
        package var conversationStreaming = true
        package var orchestratorSupport = true
        package var sessionManagement = true
        package var audioInterruption = true
        package var preciseRouting = true
        package var connectionQueuing = true

        package init() {}

        enum CodingKeys: String, CodingKey {
            case dashboardBroadcasting = "dashboard_broadcasting"
            case conversationStreaming = "conversation_streaming"
            case orchestratorSupport = "orchestrator_support"
            case sessionManagement = "session_management"
            case audioInterruption = "audio_interruption"
            case preciseRouting = "precise_routing"
            case connectionQueuing = "connection_queuing"
        }

        package static var schemaName: String { "BrowserFeatures" }
    }

    /// Sockets open on this gateway.
    package struct Connections: APIType {
        package var dashboardClients: Int
        package var conversationSessions: Int
        package var totalConnections: Int

        package init(dashboardClients: Int, conversationSessions: Int, totalConnections: Int) {
            self.dashboardClients = dashboardClients
            self.conversationSessions = conversationSessions
            self.totalConnections = totalConnections
        }

        enum CodingKeys: String, CodingKey {
            case dashboardClients = "dashboard_clients"
            case conversationSessions = "conversation_sessions"
            case totalConnections = "total_connections"
        }

        package static var schemaName: String { "BrowserConnections" }
        package static var fields: [APIField<Self>] {
            [
                .field("dashboard_clients", \.dashboardClients, minimum: 0),
                .field("conversation_sessions", \.conversationSessions, minimum: 0),
                .field("total_connections", \.totalConnections, minimum: 0),
            ]
        }
    }

    package var status = Available.available
    package var websocketEndpoints = Endpoints()
    package var features = Features()
    package var activeConnections: Connections
    package var protocolsSupported = [WebSocketProtocol.webSocket]
    package var version = APIVersion.v1

    package init(activeConnections: Connections) {
        self.activeConnections = activeConnections
    }

    enum CodingKeys: String, CodingKey {
        case status, features, version
        case websocketEndpoints = "websocket_endpoints"
        case activeConnections = "active_connections"
        case protocolsSupported = "protocols_supported"
    }
}
