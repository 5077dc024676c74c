import Foundation
import SwitchboardAPI
import SwitchboardCore
import Testing

/// The generated document: complete references, schemas read from the types, and the committed copy.
@Suite("OpenAPI document")
struct OpenAPIDocumentTests {
    private static func references(in value: JSONValue) -> [String] {
        switch value {
        case .object(let object):
            (object["$ref"]?.string.map { [$0] } ?? []) + object.values.flatMap { Self.references(in: $0) }
        case .array(let array): array.flatMap { Self.references(in: $0) }
        default: []
        }
    }

    @Test func everyReferenceNamesARecordedSchema() throws {
        let document = try OpenAPIDocument.build(APIRoutes.all)
        let schemas = document["components"]?["schemas"]?.object ?? [:]
        let missing = Self.references(in: document).filter { !schemas.keys.contains(String($0.dropFirst("#/components/schemas/".count))) }
        #expect(missing.isEmpty)
        #expect(document["openapi"] == "3.1.0")
        #expect(document["paths"]?.object?.count == Set(APIRoutes.all.map(\.path)).count)
    }

    @Test func aRequestSchemaComesFromItsDecodableConformance() throws {
        let recorder = JSONSchemaRecorder()
        _ = try recorder.reference(to: MessageRequest.self)
        let schema = try #require(recorder.components["MessageRequest"])
        #expect(schema["required"] == ["text"])
        #expect(schema["properties"]?["text"]?["maxLength"] == 4000)
        #expect(schema["properties"]?["scenario"]?["type"] == ["string", "null"])  // optional, and decodeIfPresent takes null
    }

    @Test func nullableFieldsAreRequiredAndMayBeNull() throws {
        let recorder = JSONSchemaRecorder()
        _ = try recorder.reference(to: MetricsSessionEntry.self)
        let schema = try #require(recorder.components["MetricsSessionEntry"])
        #expect(schema["properties"]?["end_time"]?["type"] == ["string", "null"])
        #expect(schema["properties"]?["transport_type"]?["anyOf"]?.array?.count == 2)
        #expect(schema["properties"]?["status"]?["enum"] == ["active", "completed"])
        #expect(recorder.components["LatencyStats"] == nil)
        _ = try recorder.reference(to: MetricsSummary.self)
        #expect(recorder.components["MetricsSummary"]?["properties"]?["latency"]?["additionalProperties"] != nil)
    }

    @Test func nullableFieldsEncodeAsNull() throws {
        let entry = MetricsSessionEntry(
            sessionID: "s", transportType: nil, status: .active, startTime: "t", endTime: nil, turnCount: 0, activeAgent: nil,
            streamingMode: nil)
        let json = try JSONValue(encoding: entry)
        #expect(json["end_time"] == .null)
        #expect(json["transport_type"] == .null)
    }

    @Test func fieldLimitsAreCheckedWhereTheyAreDocumented() throws {
        let request = try JSONDecoder().decode(
            AgentUpdateRequest.self, from: Data(#"{"model": {"temperature": 3, "top_p": 0.5}, "voice": null}"#.utf8))
        #expect(request.violations() == [APIFieldError(field: "model.temperature", message: "must be at most 2")])
        let message = try JSONDecoder().decode(MessageRequest.self, from: Data(#"{"text": "  "}"#.utf8))
        #expect(message.violations().map(\.field) == ["text"])
    }

    @Test func webSocketOperationsDocumentUpgradeRequired() throws {
        let document = try OpenAPIDocument.build(APIRoutes.all)
        let socket = try #require(document["paths"]?["/api/v1/browser/conversation"]?["get"])
        #expect(socket["responses"]?["426"]?["content"]?["application/problem+json"] != nil)
        #expect(socket["x-websocket"]?["outbound"]?.array?.isEmpty == false)
    }
}
