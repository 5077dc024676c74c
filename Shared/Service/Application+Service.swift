import Hummingbird
import Logging
import ServiceLifecycle
import SwitchboardRedis

extension Application {
    /// A Switchboard service's HTTP application: listens on the configured address, names itself in
    /// the `Server` header, and runs `services` (Redis first, so it closes last) beside the server.
    package init(
        router: Router<Responder.Context>,
        settings: ServiceSettings,
        services: [any Service],
        logger: Logger
    ) where Responder == RouterResponder<BasicRequestContext> {
        self.init(
            router: router,
            configuration: .init(
                address: .hostname(settings.host, port: settings.port),
                serverName: "switchboard-\(settings.name)"
            ),
            services: services,
            logger: logger
        )
    }
}
