import ExplorerUI
import Foundation
import TUICore

/// `gpw demo DEMO...|--all [--format markdown|html] [--size WxH] [--ascii] [-o FILE]` and
/// `gpw demo --list`: turns demo scripts into a handout: the prose as written, every
/// ```` ```gpw-snapshot ```` block replaced by its screen (a caption, the `gpw snapshot` command,
/// the screen). A DEMO is a number of a compiled-in demo (``DemoCatalog``) or a file.
enum DemoCommand {
    /// What a handout is written as.
    enum HandoutFormat: String, CaseIterable {
        /// Markdown, every screen in a fenced `text` block.
        case markdown
        /// One standalone XHTML page for print (``DemoHandoutHTML``).
        case html
    }

    /// The widest screen an HTML handout shows unless `--size` says otherwise: 100 columns of
    /// 8 pt monospace fill an A4 page between 15 mm margins.
    static let printWidth = 100

    /// A demo turned into handout pieces, in order.
    enum Piece {
        case prose(String)
        /// A block's screen; `blockSize` is the block's own `--size` when the screen was drawn
        /// narrower for print, else nil.
        case screen(ScreenExport, narrowedFrom: Size?)
    }

    static func run(_ arguments: Arguments) throws {
        var arguments = arguments
        let list = arguments.flag("--list"), all = arguments.flag("--all")
        let ascii = arguments.flag("--ascii")
        let theme = try arguments.value("--theme").map { name throws(CommandError) -> Theme in
            guard let theme = Theme(rawValue: name) else {
                throw CommandError.usage("--theme \(name): expected one of \(Theme.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return theme
        }
        var format = HandoutFormat.markdown
        if let name = try arguments.value("--format") {
            guard let chosen = HandoutFormat(rawValue: name.lowercased() == "md" ? "markdown" : name.lowercased()) else {
                throw CommandError.usage("--format \(name): a handout is one of \(HandoutFormat.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            format = chosen
        }
        let size = try arguments.value("--size").map { text throws(CommandError) in try SnapshotCommand.size(text, flag: "--size") }
        if let play = try arguments.value("--play") {
            // The blocks name their data, batch and losses; the terminal's options come from here.
            let exportSettings = try ExportSettings.parse(&arguments)
            var terminal = ExploreOptions()
            terminal.noColor = arguments.flag("--no-color") || ExploreOptions.environmentNoColor
            terminal.mouse = !arguments.flag("--no-mouse")
            try arguments.finish()
            try playDemo(play, options: terminal, theme: theme, ascii: ascii, exports: exportSettings)
            return
        }
        let output = try arguments.value(anyOf: ["-o", "--output"])
        let names = arguments.positionals()
        try arguments.finish()
        if list {
            guard names.isEmpty else { throw CommandError.usage("gpw demo --list takes no demo names") }
            try Output.out(DemoCatalog.listing)
            return
        }
        if all && !names.isEmpty { throw CommandError.usage("gpw demo --all takes no demo names") }
        guard all || !names.isEmpty else {
            throw CommandError.usage("gpw demo: name a demo, a number from 'gpw demo --list' (gpw demo 01) or a file "
                                     + "(gpw demo my-demo.md), or give --all")
        }
        let sources = all
            ? DemoCatalog.all.map { DemoCatalog.Source(label: $0.name, text: $0.text) }
            : try names.map { name throws(CommandError) in try DemoCatalog.source(name) }
        let text: String
        switch format {
        case .markdown:
            text = try sources.map { source throws(CommandError) in
                try handout(source.text, file: source.label, ascii: ascii, size: size, theme: theme)
            }.joined(separator: "\n---\n\n")
        case .html:
            let demos = try sources.map { source throws(CommandError) in
                // Print is light unless asked otherwise.
                try pieces(source.text, file: source.label, ascii: ascii, size: size, maximumWidth: printWidth,
                           theme: theme ?? .light)
            }
            text = DemoHandoutHTML.page(demos)
        }
        if let output {
            try OutputFile.write(Array(text.utf8), to: output)
        } else {
            try Output.write(text)
        }
    }

    /// `gpw demo --play DEMO`: the demo's blocks in the live explorer (``DemoPlayer``).
    static func playDemo(_ name: String, options: ExploreOptions, theme: Theme?, ascii: Bool,
                         exports settings: ExportSettings) throws {
        let source = try DemoCatalog.source(name)
        let player = try DemoPlayer(text: source.text, name: source.label, theme: theme, ascii: ascii)
        guard !player.blocks.isEmpty else { throw CommandError("\(source.label): no gpw-snapshot block to play", status: .dataError) }
        var exports = ExportContext(directory: settings.directory, options: player.currentOptions)
        exports.player = player
        try ExploreCommand.drive(options: options, exports: exports) { asciiLocale, size in
            player.asciiLocale = asciiLocale
            var state = try player.state(block: 0, size: size)
            state.exportFormat = settings.format
            return state
        }
    }

    /// The Markdown handout for one demo's text (`file` names it in errors); `size`, when given,
    /// replaces every block's `--size`.
    static func handout(_ text: String, file: String, ascii: Bool, size: Size? = nil,
                        theme: Theme? = nil) throws(CommandError) -> String {
        var out = ""
        for piece in try pieces(text, file: file, ascii: ascii, size: size, theme: theme) {
            switch piece {
            case .prose(let prose): out += prose + "\n"
            case .screen(let screen, _): out += screen.markdown()
            }
        }
        return out
    }

    /// One demo's prose and screens. Every screen is drawn at `size` when given, else at its
    /// block's `--size` narrowed to `maximumWidth` columns; in `theme` unless the block names one.
    /// With `ascii`, the prose's glyph words are the ASCII screen's glyphs too.
    static func pieces(_ text: String, file: String, ascii: Bool, size: Size? = nil,
                       maximumWidth: Int? = nil, theme: Theme? = nil) throws(CommandError) -> [Piece] {
        let script: DemoScript
        do {
            script = try DemoScript(parsing: text)
        } catch {
            throw CommandError("\(file): \(error.description)", status: .dataError)
        }
        var out: [Piece] = []
        for part in script.parts {
            switch part {
            case .prose(let prose):
                out.append(.prose(ascii ? ASCIIGlyphs.replacingGlyphs(prose) : prose))
            case .snapshot(let words, let line):
                let place = "\(file):\(line)"
                var request = try blockRequest(words, place: place, ascii: ascii, theme: theme)
                let blockSize = request.size
                if let size {
                    request.size = size
                } else if let maximumWidth {
                    request.size.width = min(request.size.width, maximumWidth)
                }
                do {
                    // The command beside the screen is the plain one a reader would type.
                    out.append(.screen(try SnapshotCommand.screen(request, commandFormat: .plain),
                                       narrowedFrom: size == nil && request.size != blockSize ? blockSize : nil))
                } catch let error as CommandError {
                    throw CommandError("\(place): \(error.message)", status: .dataError)
                } catch {
                    throw CommandError("\(place): \(error)", status: .dataError)
                }
            }
        }
        return out
    }

    /// The snapshot request of a demo block's `words` (`place` is `file:line` for messages):
    /// `-o` and `--format` are refused (the handout or the player chooses), `--ascii` and a
    /// theme the block does not name are added. Handouts and the player read blocks through it.
    static func blockRequest(_ words: [String], place: String, ascii: Bool, theme: Theme?) throws(CommandError) -> SnapshotCommand.Request {
        if let bad = words.first(where: { ["-o", "--output", "--format"].contains($0) || $0.hasPrefix("--format=") }) {
            throw CommandError("\(place): \(bad) is not allowed in a demo block (gpw demo --format chooses the handout's format)",
                               status: .dataError)
        }
        let themeWords = theme.map { theme in words.contains("--theme") ? [] : ["--theme", theme.rawValue] } ?? []
        var arguments = Arguments(words + (ascii ? ["--ascii"] : []) + themeWords, command: "\(place): gpw snapshot")
        do {
            return try SnapshotCommand.parse(&arguments)
        } catch {
            throw CommandError("\(place): \(error.message)", status: .dataError)
        }
    }
}
