/// The commands beyond `losses` and `weights`, each implemented in its own file.
/// Add an entry here when a command file lands.
func registeredCommands() -> [String: @Sendable (Arguments) throws -> Void] {
    [
        "bench": { try BenchCommand.run($0) },
        "explore": { try ExploreCommand.run($0) },
        "train": { try TrainCommand.run($0) },
        "compare": { try CompareCommand.run($0) },
        "eval": { try EvalCommand.run($0) },
        "snapshot": { try SnapshotCommand.run($0) },
        "demo": { try DemoCommand.run($0) },
    ]
}
