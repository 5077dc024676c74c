import Logging
import ServiceLifecycle

/// Seeds the demo customers once Redis answers (retrying while it does not), then waits.
package struct DemoSeedService: Service {
    let clients: DemoClients
    let logger: Logger

    package init(clients: DemoClients, logger: Logger) {
        self.clients = clients
        self.logger = logger
    }

    package func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                try await self.clients.seed()
                self.logger.info("demo customers ready")
                break
            } catch {
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(1)) }
            }
        }
        try? await gracefulShutdown()
    }
}
