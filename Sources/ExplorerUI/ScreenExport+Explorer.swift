import TUICore

extension ScreenExport {
    /// The explorer's screen as it is shown for `state`, ready to serialise: drawn at the
    /// state's view size without the export menu and without the previous export's notice (so
    /// that `gpw snapshot` reproduces it from the key log), with ASCII glyphs for
    /// ``ExportFormat/ascii``.
    ///
    /// - Parameter command: the `gpw snapshot ...` line that redraws it.
    public static func explorer(_ state: AppState, format: ExportFormat, command: String) -> ScreenExport {
        var shown = state
        shown.hideRecordingMarks()   // the menu, the notice and `rec`: none is in the key log
        if format.needsASCIIGlyphs { shown.settings.ascii = true }
        let grid = render(shown, size: state.viewSize)
        return ScreenExport(grid: grid, command: command, caption: explorerCaption(state))
    }

    /// `gpw · letters · batch 4x4 · seed 1 · step 3 · trains ms · 80x24`.
    static func explorerCaption(_ state: AppState) -> String {
        let configuration = state.session.configuration
        var parts = ["gpw", state.settings.datasetName,
                     "batch \(configuration.classesPerBatch)x\(configuration.samplesPerClass)",
                     "seed \(configuration.seed)", "step \(state.session.step)"]
        if let loss = state.focusedLoss { parts.append("trains " + (loss.spec?.compactDescription ?? loss.text)) }
        parts.append("\(state.viewSize)")
        return parts.joined(separator: state.settings.ascii ? " - " : " · ")
    }
}
