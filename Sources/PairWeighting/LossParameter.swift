/// The value of one loss parameter: a number or a named choice (`on`/`off` toggles are choices).
public enum ParameterValue: Equatable, Hashable, Sendable, CustomStringConvertible {
    case number(Double)
    case choice(String)

    /// The value as written in a loss spec: `0.5`, `40`, `hard`.
    public var description: String {
        switch self {
        case .number(let v): return formatNumber(v)
        case .choice(let c): return c
        }
    }
}

/// One tunable parameter of a loss, named after the paper's symbol.
public struct LossParameter: Sendable {
    /// What values the parameter accepts.
    public enum Domain: Sendable, Equatable {
        /// A real number in `range`; `step` is the explorer's `+`/`-` increment; `integer`
        /// restricts to whole numbers.
        case number(range: ClosedRange<Double>, step: Double, integer: Bool)
        /// One of these words.
        case choice([String])
    }

    /// The name used in specs: `alpha`, `pos-margin`, `reduction`.
    public let name: String
    /// The accepted values.
    public let domain: Domain
    /// The value when the spec does not set it.
    public let defaultValue: ParameterValue
    /// One line for `gpw losses` and the explorer.
    public let summary: String

    public init(_ name: String, _ domain: Domain, default defaultValue: ParameterValue, _ summary: String) {
        self.name = name
        self.domain = domain
        self.defaultValue = defaultValue
        self.summary = summary
    }

    /// A real parameter.
    public static func number(_ name: String, default value: Double, range: ClosedRange<Double>, step: Double,
                              integer: Bool = false, _ summary: String) -> LossParameter {
        LossParameter(name, .number(range: range, step: step, integer: integer), default: .number(value), summary)
    }

    /// A parameter chosen from words; the first listed is not necessarily the default.
    public static func choice(_ name: String, _ options: [String], default value: String, _ summary: String) -> LossParameter {
        LossParameter(name, .choice(options), default: .choice(value), summary)
    }

    /// An `on`/`off` switch.
    public static func toggle(_ name: String, default value: Bool, _ summary: String) -> LossParameter {
        choice(name, ["on", "off"], default: value ? "on" : "off", summary)
    }

    /// Human-readable domain: `0.01...1000`, `on|off`.
    public var domainDescription: String {
        switch domain {
        case .number(let range, _, let integer):
            return "\(integer ? "integer " : "")\(formatNumber(range.lowerBound))...\(formatNumber(range.upperBound))"
        case .choice(let options):
            return options.joined(separator: "|")
        }
    }

    /// Checks a typed value and converts it.
    func parse(_ text: String, loss: String) throws(LossSpecError) -> ParameterValue {
        switch domain {
        case .number(let range, _, let integer):
            guard let v = Double(text), v.isFinite else {
                throw .notANumber(loss: loss, parameter: name, value: text, expected: domainDescription)
            }
            guard !integer || v == v.rounded() else {
                throw .notAWholeNumber(loss: loss, parameter: name, value: text, expected: domainDescription)
            }
            guard range.contains(v) else {
                throw .badValue(loss: loss, parameter: name, value: text, expected: domainDescription)
            }
            return .number(v)
        case .choice(let options):
            guard options.contains(text) else {
                throw .notAChoice(loss: loss, parameter: name, value: text, expected: domainDescription)
            }
            return .choice(text)
        }
    }
}

/// Formats a number the short way a person writes it: `40`, `0.5`, `1e-05`.
public func formatNumber(_ v: Double) -> String {
    if v.isFinite, v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
    return v.description
}
