/// A loss and every one of its parameters: the one syntax shared by every command and the
/// explorer, `NAME[:key=value,...]` (e.g. `ms:beta=40,lambda=1`, `triplet:margin=0.2,triplets=hard`).
public struct LossSpec: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// The loss's catalogue entry.
    public let kind: LossKind
    /// Every parameter's value, defaults included, in the order of `kind.parameters`.
    public private(set) var values: [ParameterValue]

    /// The spec with every parameter at its default.
    public init(kind: LossKind) {
        self.kind = kind
        self.values = kind.parameters.map(\.defaultValue)
    }

    /// Parses `NAME[:key=value,...]`. Unknown names, unknown keys and out-of-range values are
    /// refused with the valid choices.
    public static func parse(_ text: String) throws(LossSpecError) -> LossSpec {
        let trimmed = text.trimmingSpaces
        guard !trimmed.isEmpty else { throw .empty }
        let head = trimmed.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        let name = String(head[0]).trimmingSpaces
        guard let kind = LossCatalog.kind(named: name) else {
            throw .unknownLoss(name: name, valid: LossCatalog.names)
        }
        var spec = LossSpec(kind: kind)
        guard head.count == 2 else { return spec }
        var seen = Set<String>()
        for setting in head[1].split(separator: ",", omittingEmptySubsequences: false) {
            let pieces = setting.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard pieces.count == 2 else { throw .malformedSetting(loss: name, setting: String(setting)) }
            let key = String(pieces[0]).trimmingSpaces, value = String(pieces[1]).trimmingSpaces
            guard seen.insert(key).inserted else { throw .duplicateParameter(loss: name, parameter: key) }
            try spec.set(key, text: value)
        }
        return spec
    }

    /// Splits a comma list of specs, `ms,triplet:margin=0.1,triplets=hard,npair`, into one text
    /// per spec. A piece begins a new spec when it is a loss name or `NAME:…`; a `key=value`
    /// piece belongs to the spec before it. Anything else stays with the spec before it, so
    /// `ms:beta=40,lambda` is still refused as "'lambda' is not key=value".
    public static func splitList(_ text: String) -> [String] {
        var out: [String] = []
        for piece in text.split(separator: ",", omittingEmptySubsequences: false) {
            let name = String(piece.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)[0]).trimmingSpaces
            let beforeEquals = piece.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)[0]
            let startsSpec = out.isEmpty || (LossCatalog.kind(named: name) != nil && !name.contains("="))
                && (beforeEquals.contains(":") || !piece.contains("="))
            if startsSpec { out.append(String(piece)) } else { out[out.count - 1] += "," + piece }
        }
        return out
    }

    /// Sets one parameter from its typed text.
    public mutating func set(_ parameter: String, text: String) throws(LossSpecError) {
        guard let index = kind.parameters.firstIndex(where: { $0.name == parameter }) else {
            throw .unknownParameter(loss: kind.name, parameter: parameter, valid: kind.parameters.map(\.name))
        }
        values[index] = try kind.parameters[index].parse(text, loss: kind.name)
    }

    /// Sets one parameter to a value already checked against its domain.
    public mutating func set(_ parameter: String, to value: ParameterValue) throws(LossSpecError) {
        try set(parameter, text: value.description)
    }

    // Reading one parameter by name is for the losses' own `Settings` only (this module): everyone
    // else reads what the built loss says, so a parameter's meaning lives in its loss's folder.

    /// The value of `parameter`. - Precondition: the loss has that parameter.
    func value(_ parameter: String) -> ParameterValue {
        guard let index = kind.parameters.firstIndex(where: { $0.name == parameter }) else {
            preconditionFailure("loss \(kind.name) has no parameter \(parameter)")
        }
        return values[index]
    }

    /// A real parameter's value.
    func number(_ parameter: String) -> Double {
        guard case .number(let v) = value(parameter) else { preconditionFailure("\(parameter) is not a number") }
        return v
    }

    /// A choice parameter's value.
    func choice(_ parameter: String) -> String {
        guard case .choice(let c) = value(parameter) else { preconditionFailure("\(parameter) is not a choice") }
        return c
    }

    /// An `on`/`off` parameter's value.
    func isOn(_ parameter: String) -> Bool { choice(parameter) == "on" }

    /// The similarity types this setting uses (the MS paper's S, N, P), as the loss says.
    public var similarityTypes: [String] { makeLoss().similarityTypes }

    /// `(name, value)` for every parameter, defaults included.
    public var parameters: [(name: String, value: ParameterValue)] {
        zip(kind.parameters, values).map { ($0.name, $1) }
    }

    /// The full spec, every parameter spelled out: `ms:alpha=2,beta=50,...`.
    public var description: String {
        guard !values.isEmpty else { return kind.name }
        return kind.name + ":" + parameters.map { "\($0.name)=\($0.value)" }.joined(separator: ",")
    }

    /// The short spec, only parameters that differ from their defaults: `ms:lambda=1`.
    public var compactDescription: String {
        let changed = zip(kind.parameters, values).filter { $0.defaultValue != $1 }
        guard !changed.isEmpty else { return kind.name }
        return kind.name + ":" + changed.map { "\($0.name)=\($1)" }.joined(separator: ",")
    }

    /// Builds the loss.
    public func makeLoss() -> any PairLoss { kind.make(self) }

    public static func == (a: LossSpec, b: LossSpec) -> Bool { a.kind.name == b.kind.name && a.values == b.values }
    public func hash(into hasher: inout Hasher) {
        hasher.combine(kind.name)
        hasher.combine(values)
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs (no Foundation here).
    var trimmingSpaces: String {
        var s = Substring(self)
        while let c = s.first, c == " " || c == "\t" { s.removeFirst() }
        while let c = s.last, c == " " || c == "\t" { s.removeLast() }
        return String(s)
    }
}
