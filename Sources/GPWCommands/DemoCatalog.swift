import DataIO

/// The lecture demos compiled into gpw (``bundledDemoFiles``, generated from demos/NN-*.md by
/// scripts/embed-demos.py), and how a `gpw demo` argument names one: a number (`2`, `02`) is a
/// compiled-in demo, anything else a file (a teacher's own demo).
enum DemoCatalog {
    /// One compiled-in demo.
    struct Demo: Equatable {
        /// `2` for `02-mining.md`.
        var number: Int
        /// The file name in demos/ (`02-mining.md`).
        var name: String
        var text: String
        /// The first heading without its number (`Mining: what MS's P step keeps and drops`).
        var title: String
    }

    static let all: [Demo] = bundledDemoFiles.map { file in
        Demo(number: Int(file.name.prefix(2)) ?? 0, name: file.name, text: file.text, title: title(of: file.text))
    }

    /// The demo numbered `number`, if one is compiled in.
    /// The demos' numbers as `gpw demo` takes them (`01`), for the completions.
    static var numbers: [String] { all.map { twoDigits($0.number) } }

    static func demo(number: Int) -> Demo? { all.first { $0.number == number } }

    /// `01  The GPW idea: one batch, every loss`, one line per demo.
    static var listing: String {
        all.map { "\(twoDigits($0.number))  \($0.title)" }.joined(separator: "\n")
    }

    /// The text of the first `# ` heading, without a leading `N. `.
    static func title(of text: String) -> String {
        guard let heading = text.split(separator: "\n").first(where: { $0.hasPrefix("# ") }) else { return "(untitled)" }
        var title = heading.dropFirst(2).drop { $0 == " " }
        if let dot = title.firstIndex(of: "."), dot != title.startIndex, title[..<dot].allSatisfy(\.isNumber) {
            title = title[title.index(after: dot)...].drop { $0 == " " }
        }
        return String(title)
    }

    /// A demo's text and the name its errors use.
    struct Source {
        var label: String
        var text: String
    }

    /// What `argument` names: a compiled-in demo when it is a number, else the file at that path.
    static func source(_ argument: String) throws(CommandError) -> Source {
        if !argument.isEmpty, argument.count <= 3, argument.allSatisfy(\.isASCII), argument.allSatisfy(\.isNumber) {
            guard let demo = demo(number: Int(argument) ?? -1) else {
                throw CommandError("no demo \(argument); the demos are \(all.map { twoDigits($0.number) }.joined(separator: ", ")) "
                                   + "(gpw demo --list), or give a file", status: .noInput)
            }
            return Source(label: demo.name, text: demo.text)
        }
        do {
            return Source(label: argument, text: try TextFile.read(path: argument))
        } catch {
            let hint = error.isContentError ? "" : " (the compiled-in demos: gpw demo --list, then e.g. gpw demo 02)"
            throw CommandError(error.description + hint, status: error.isContentError ? .dataError : .noInput)
        }
    }

    private static func twoDigits(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
}
