import Foundation
import Hummingbird

extension Router {
    /// `<service> --routes`: prints every route as `METHOD /path` (parameters as `{name}`), one
    /// a line, sorted, and exits — so a test can hold the OpenAPI document to the real routes.
    package func printRoutesIfAsked(arguments: [String] = CommandLine.arguments) {
        guard arguments.dropFirst().contains("--routes") else { return }
        let lines = Set(
            self.routes.map { route in
                let path = route.path.description
                return "\(route.method.rawValue) \(path.hasPrefix("/") ? path : "/" + path)"
            })
        print(lines.sorted().joined(separator: "\n"))
        exit(0)
    }
}
