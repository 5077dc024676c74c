import Foundation
import HTTPTypes
import Hummingbird
import SwitchboardAPI

/// The web UI (docs/compatibility.md #17), from the `web` folder: `/` the dashboard, `/talk` the talk page,
/// `/docs` the API reference and `/assets/*`; plain files, no build step, sent with `no-cache` so a
/// deploy shows at once. `/openapi.json` is the document generated from the API's types and routes.
struct WebController<Context: RequestContext>: Sendable {
    let root: String
    /// The OpenAPI document's text (``OpenAPIDocument``), generated once at start.
    let document: String
    let files = FileIO()

    static var pages: [(operation: APIOperation, file: String)] {
        [(GatewayAPI.getDashboard, "index.html"), (GatewayAPI.getTalkPage, "talk.html"), (GatewayAPI.getDocs, "docs.html")]
    }

    var endpoints: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        for (operation, file) in Self.pages {
            routes.on(operation) { _, context in try await self.serve(file, context: context) }
        }
        routes.on(GatewayAPI.getOpenAPI) { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json", .cacheControl: "no-cache"],
                body: .init(byteBuffer: ByteBuffer(string: self.document)))
        }
        routes.on(GatewayAPI.getAsset) { _, context in
            let name = try context.parameters.require("name")
            // One file name, no folders: nothing outside web/assets can be named.
            guard name.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }), !name.hasPrefix(".") else {
                throw HTTPError(.notFound)
            }
            return try await self.serve("assets/" + name, context: context)
        }
        return routes
    }

    private func serve(_ file: String, context: Context) async throws -> Response {
        let body = try await self.files.loadFile(path: self.root + "/" + file, context: context)
        let type = WebFolder.mediaType(of: file)
        return Response(status: .ok, headers: [.contentType: type, .cacheControl: "no-cache"], body: body)
    }
}

/// Where the web files are and what they are.
enum WebFolder {
    static func mediaType(of file: String) -> String {
        switch file.split(separator: ".").last {
        case "html": "text/html; charset=utf-8"
        case "js": "text/javascript; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "json": "application/json"
        case "svg": "image/svg+xml"
        case "png": "image/png"
        default: "application/octet-stream"
        }
    }

    /// `./web` when the gateway runs from the checkout (or `/app` in the image), else the `web`
    /// folder of the checkout the binary was built in (`.build/…/gateway`).
    static func locate() -> String {
        let fileManager = FileManager.default
        let local = fileManager.currentDirectoryPath + "/web"
        if fileManager.fileExists(atPath: local + "/index.html") { return local }
        var folder = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        for _ in 0..<5 {
            folder.deleteLastPathComponent()
            let candidate = folder.appendingPathComponent("web").path
            if fileManager.fileExists(atPath: candidate + "/index.html") { return candidate }
        }
        return local
    }
}
