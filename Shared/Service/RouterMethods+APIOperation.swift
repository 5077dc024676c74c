import Hummingbird
import SwitchboardAPI

extension RouterMethods {
    /// Registers `handler` for the operation's method and path: the one way API routes are added,
    /// so what the router serves is what the OpenAPI document describes.
    ///
    /// ```swift
    /// routes.on(AgentsAPI.listScenarios, use: self.list)
    /// ```
    @discardableResult
    package func on<Output: ResponseGenerator>(
        _ operation: APIOperation, use handler: @escaping @Sendable (Request, Context) async throws -> Output
    ) -> Self {
        self.on(operation.routerPath, method: operation.httpMethod, use: handler)
    }
}

extension APIOperation {
    /// The path as Hummingbird writes it: `{name}` parameters as `:name`.
    package var routerPath: RouterPath {
        guard self.path != "/" else { return RouterPath("/") }
        let components = self.path.split(separator: "/").map { component in
            component.hasPrefix("{") && component.hasSuffix("}") ? ":" + component.dropFirst().dropLast() : String(component)
        }
        return RouterPath(components.joined(separator: "/"))
    }

    package var httpMethod: HTTPRequest.Method {
        HTTPRequest.Method(self.method) ?? .get
    }

    /// A parameter of the operation by name (it must be declared: the handler reads what is documented).
    package func parameter(_ name: String) -> APIParameter {
        guard let parameter = self.parameters.first(where: { $0.name == name }) else {
            preconditionFailure("\(self.id) declares no parameter \(name)")
        }
        return parameter
    }
}
