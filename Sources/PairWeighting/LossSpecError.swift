/// Why a loss spec such as `ms:beta=40,lambda=1` was refused. Each case lists the valid choices.
public enum LossSpecError: Error, Equatable, Sendable, CustomStringConvertible {
    case empty
    case unknownLoss(name: String, valid: [String])
    case unknownParameter(loss: String, parameter: String, valid: [String])
    case malformedSetting(loss: String, setting: String)
    case duplicateParameter(loss: String, parameter: String)
    /// A value in the parameter's form but outside its range (`beta=0`, `bins=10.5`).
    case badValue(loss: String, parameter: String, value: String, expected: String)
    /// A numeric parameter given something that is not a finite number (`beta=abc`, `beta=nan`).
    case notANumber(loss: String, parameter: String, value: String, expected: String)
    /// A whole-number parameter given a fraction (`bins=10.5`).
    case notAWholeNumber(loss: String, parameter: String, value: String, expected: String)
    /// A choice parameter given a word not among its choices (`triplets=easy`).
    case notAChoice(loss: String, parameter: String, value: String, expected: String)

    public var description: String {
        switch self {
        case .empty:
            return "empty loss spec; write NAME[:key=value,...], e.g. ms:beta=40,lambda=1"
        case .unknownLoss(let name, let valid):
            return "unknown loss '\(name)'; valid losses: \(valid.joined(separator: ", "))"
        case .unknownParameter(let loss, let parameter, let valid):
            let list = valid.isEmpty ? "it has none" : "valid: \(valid.joined(separator: ", "))"
            return "loss '\(loss)' has no parameter '\(parameter)'; \(list)"
        case .malformedSetting(let loss, let setting):
            return "loss '\(loss)': '\(setting)' is not key=value"
        case .duplicateParameter(let loss, let parameter):
            return "loss '\(loss)': parameter '\(parameter)' is set twice"
        case .badValue(let loss, let parameter, let value, let expected):
            return "loss '\(loss)': \(parameter)=\(value) is out of range; expected \(expected)"
        case .notANumber(let loss, let parameter, let value, let expected):
            return "loss '\(loss)': \(parameter)=\(value) is not a number; expected \(expected)"
        case .notAWholeNumber(let loss, let parameter, let value, let expected):
            return "loss '\(loss)': \(parameter)=\(value) is not a whole number; expected \(expected)"
        case .notAChoice(let loss, let parameter, let value, let expected):
            return "loss '\(loss)': \(parameter)=\(value) is not one of \(expected)"
        }
    }
}
