/// `"success"`: the `status` of the reference API's successful answers.
package enum Success: String, APIEnum {
    case success
}

/// `"available"`: the `status` of the socket status endpoints.
package enum Available: String, APIEnum {
    case available
}

/// `"WebSocket"`: the protocol the socket status endpoints name.
package enum WebSocketProtocol: String, APIEnum {
    case webSocket = "WebSocket"
}

/// `"v1"`: the API version the status endpoints name.
package enum APIVersion: String, APIEnum {
    case v1
}
