/// Where an OpenAI-compatible API is: Azure OpenAI deployments (`api-key`), or OpenAI, Ollama,
/// vLLM and other servers speaking the same API (`Authorization: Bearer`). One endpoint serves
/// chat completions, audio transcriptions and speech.
package struct OpenAIEndpoint: Sendable, Hashable {
    package enum Flavor: Sendable, Hashable { case azure(apiVersion: String), openAI }
    package var baseURL: String
    package var apiKey: String?
    package var flavor: Flavor
    /// Forces this model/deployment instead of the caller's choice.
    package var model: String?

    package init(baseURL: String, apiKey: String?, flavor: Flavor, model: String? = nil) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.apiKey = apiKey
        self.flavor = flavor
        self.model = model
    }

    /// The URL of `operation` (`chat/completions`, `audio/speech`, `audio/transcriptions`) for
    /// `model`, which is the deployment's name on Azure.
    package func url(model: String, operation: String) -> String {
        switch self.flavor {
        case .azure(let version): "\(self.baseURL)/openai/deployments/\(model)/\(operation)?api-version=\(version)"
        case .openAI: self.baseURL.hasSuffix("/v1") ? "\(self.baseURL)/\(operation)" : "\(self.baseURL)/v1/\(operation)"
        }
    }

    /// The header carrying the key, if there is one.
    package var authorization: (name: String, value: String)? {
        guard let key = self.apiKey else { return nil }
        return switch self.flavor {
        case .azure: ("api-key", key)
        case .openAI: ("Authorization", "Bearer \(key)")
        }
    }
}
