import Foundation
import Stencil
import SwitchboardCore

/// Renders prompts, greetings and scripted replies: Jinja syntax on Stencil.
///
/// The common Jinja forms are translated first — `x | default("y")` to Stencil's `x|default:"y"`,
/// `x is defined` to `x` — and Jinja's filter names (`upper`, `lower`, `title`, `trim`, `length`)
/// are registered. Missing variables render as empty text, as Jinja does.
package struct TemplateRenderer: Sendable {
    package init() {}

    /// Renders `template` with `variables`; `null` values are dropped first, so
    /// `{% if caller_name %}` is false for a caller whose name is unknown.
    ///
    /// - Throws: ``TemplateError`` with the template's problem.
    package func render(_ template: String, _ variables: [String: JSONValue]) throws -> String {
        guard template.contains("{{") || template.contains("{%") else { return template }
        let context = variables.filter { !$0.value.isNull }.compactMapValues(\.foundationValue)
        do {
            return try Self.templates.template(template).render(context)
        } catch {
            throw TemplateError(message: "\(error)")
        }
    }

    /// The context prompts render with (docs/compatibility.md §3.1): defaults < scenario variables < agent
    /// variables < the scenario's `agent_defaults.template_vars` (overrides for all its agents) <
    /// runtime values.
    package static func promptContext(
        agent: AgentDefinition,
        scenarioVars: [String: JSONValue] = [:],
        scenarioOverrides: [String: JSONValue] = [:],
        runtime: [String: JSONValue]
    ) -> [String: JSONValue] {
        var context: [String: JSONValue] = ["agent_name": .string(agent.name), "institution_name": "Contoso Bank"]
        context.merge(scenarioVars) { _, new in new }
        context.merge(agent.templateVars) { _, new in new }
        context.merge(scenarioOverrides) { _, new in new }
        context.merge(runtime.filter { !$0.value.isNull }) { _, new in new }
        context["agent_name"] = .string(agent.name)
        return context
    }

    /// Templates are lexed once: prompts are rendered every turn.
    private static let templates = Templates(environment: Self.makeEnvironment())

    private static func makeEnvironment() -> Environment {
        let jinja = Extension()
        jinja.registerFilter("upper") { ($0 as? String)?.uppercased() ?? $0 }
        jinja.registerFilter("lower") { ($0 as? String)?.lowercased() ?? $0 }
        jinja.registerFilter("title") { ($0 as? String)?.capitalized ?? $0 }
        jinja.registerFilter("trim") { ($0 as? String)?.trimmingCharacters(in: .whitespacesAndNewlines) ?? $0 }
        jinja.registerFilter("length") { value in
            switch value {
            case let text as String: text.count
            case let list as [Any]: list.count
            case let map as [String: Any]: map.count
            default: 0
            }
        }
        return Environment(extensions: [jinja], trimBehaviour: .nothing)
    }

    /// Rewrites Jinja-only syntax, inside `{{ }}` and `{% %}` only, into the Stencil equivalent.
    static func translate(_ template: String) -> String {
        template.replacing(/\{\{.*?\}\}|\{%.*?%\}/) { tag in
            var text = String(tag.output)
            // x | filter("a", 2)  →  x|filter:"a",2
            text = text.replacing(/\s*\|\s*(\w+)\(([^)]*)\)/) { match in
                let arguments = match.output.2.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                return "|\(match.output.1):" + arguments.joined(separator: ",")
            }
            text = text.replacing(/\s*\|\s*(\w+)/) { "|\($0.output.1)" }
            text = text.replacing(/(\w[\w.]*)\s+is\s+not\s+defined/) { "not \($0.output.1)" }
            text = text.replacing(/(\w[\w.]*)\s+is\s+defined/) { "\($0.output.1)" }
            return text
        }
    }
}

/// A template that could not be parsed or rendered.
package struct TemplateError: Error, CustomStringConvertible, Sendable {
    package var message: String
    package var description: String { "template error: \(self.message)" }
}

/// Lexed templates by source text, with the one environment they render in: a prompt of a few
/// kilobytes costs about as much to lex as to render, every turn. Bounded: agents edited in the
/// Scenario Builder bring new sources.
private final class Templates: @unchecked Sendable {
    // @unchecked: `cache` is only touched under `lock`; a Template is not changed after it is
    // made (rendering parses its tokens into fresh nodes), and the environment is never changed.
    private let lock = NSLock()
    private var cache: [String: Template] = [:]
    private let environment: Environment
    private static let limit = 512

    init(environment: Environment) {
        self.environment = environment
    }

    func template(_ source: String) -> Template {
        self.lock.withLock {
            if let template = self.cache[source] { return template }
            if self.cache.count >= Self.limit { self.cache.removeAll(keepingCapacity: true) }
            let template = Template(templateString: TemplateRenderer.translate(source), environment: self.environment)
            self.cache[source] = template
            return template
        }
    }
}
