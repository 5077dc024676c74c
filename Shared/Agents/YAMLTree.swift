import SwitchboardCore
import Yams

/// Reads YAML into ``JSONValue`` with YAML 1.1 core types (quoted scalars stay strings; dates too).
package enum YAMLTree {
    /// - Throws: the parser's error, with line and column.
    package static func parse(_ text: String) throws -> JSONValue {
        guard let node = try Yams.compose(yaml: text) else { return .object([:]) }
        return self.convert(node)
    }

    private static func convert(_ node: Node) -> JSONValue {
        switch node {
        case .scalar(let scalar):
            if scalar.style == .singleQuoted || scalar.style == .doubleQuoted || scalar.style == .literal || scalar.style == .folded {
                return .string(scalar.string)
            }
            if node.null != nil { return .null }
            if let value = node.bool { return .bool(value) }
            if let value = node.int { return .number(Double(value)) }
            if let value = node.float, value.isFinite { return .number(value) }
            return .string(scalar.string)
        case .mapping(let mapping):
            var object: [String: JSONValue] = [:]
            for (key, value) in mapping {
                object[key.string ?? "\(key)"] = self.convert(value)
            }
            return .object(object)
        case .sequence(let sequence):
            return .array(sequence.map(self.convert))
        default:
            return .null
        }
    }
}
