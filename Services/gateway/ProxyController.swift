import Hummingbird

/// Routes the agent and metrics APIs to their services, every method, every sub-path.
struct ProxyController<Context: RequestContext>: Sendable {
    let agents: BackendProxy
    let metrics: BackendProxy

    /// Path prefixes under `/api/v1` owned by the agents service.
    static var agentPrefixes: [String] { ["agents", "agent-builder", "scenario-builder", "scenarios", "sessions", "demo-env"] }

    var endpoints: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        let methods: [HTTPRequest.Method] = [.get, .post, .put, .patch, .delete]
        for prefix in Self.agentPrefixes {
            for path in ["api/v1/\(prefix)", "api/v1/\(prefix)/**"] {
                for method in methods { routes.on(RouterPath(path), method: method, use: self.agents.forward) }
            }
        }
        for method in methods {
            routes.on("api/v1/metrics/**", method: method, use: self.metrics.forward)
        }
        return routes
    }
}
