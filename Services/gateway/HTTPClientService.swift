import AsyncHTTPClient
import ServiceLifecycle

/// Owns the gateway's HTTP client and shuts it down after everything that uses it has stopped.
struct HTTPClientService: Service {
    let client: HTTPClient

    func run() async throws {
        try? await gracefulShutdown()
        try await self.client.shutdown()
    }
}
