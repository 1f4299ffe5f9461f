/// `gpw weights` (being written).
enum WeightsCommand {
    static func run(_ arguments: Arguments) throws {
        try arguments.finish()
        throw CommandError("gpw weights is not implemented yet", status: .failure)
    }
}
