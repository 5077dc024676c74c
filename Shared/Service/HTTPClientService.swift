import AsyncHTTPClient
import ServiceLifecycle

/// Owns an HTTP client and shuts it down after everything that uses it has stopped.
package struct HTTPClientService: Service {
    package let client: HTTPClient

    package init(client: HTTPClient) {
        self.client = client
    }

    package func run() async throws {
        try? await gracefulShutdown()
        try await self.client.shutdown()
    }
}
