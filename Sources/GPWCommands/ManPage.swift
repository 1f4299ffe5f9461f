import Foundation

/// `gpw help --man`: the manual page in roff (man(7)), generated from ``CommandTable`` like the
/// help, so the two cannot disagree.
enum ManPage {
    static func roff(version: String) -> String {
        var out = [".TH GPW 1 \"\" \"gpw \(version)\" \"User Commands\"",
                   ".SH NAME",
                   "gpw \\- see how pair-based metric-learning losses weight every pair of a batch",
                   ".SH SYNOPSIS"]
        for command in CommandTable.all {
            for line in command.usageLines(width: 1000) { out += [".br", escape(line)] }
        }
        out += [".SH DESCRIPTION",
                escape("gpw shows the General Pair Weighting view of Wang et al., \"Multi-Similarity Loss with General Pair "
                       + "Weighting for Deep Metric Learning\" (CVPR 2019): for every pair (i, j) of a batch, the weight "
                       + "w_ij = dL/dS_ij of each loss, in an interactive explorer and in headless commands."),
                ".SH COMMANDS"]
        for command in CommandTable.all {
            out += [".SS \(escape("gpw " + command.name))", escape(command.summary)]
            for line in command.usageLines(width: 1000) { out += [".br", ".B " + escape(line)] }
            for option in command.options where !option.hidden {
                let spelled = (option.aliases.map { $0 + ", " }.joined()) + option.name
                out += [".TP", "\\fB" + escape(spelled) + "\\fR" + (option.placeholder.isEmpty ? "" : " \\fI" + escape(option.placeholder) + "\\fR"),
                        escape(option.help + CommandInfo.limits(option))]
            }
            if !command.details.isEmpty {
                out += [".PP"] + command.details.split(separator: "\n", omittingEmptySubsequences: false).flatMap { [escape(String($0)), ".br"] }
            }
        }
        out += [".SH NOTES"]
        for paragraph in Help.shared.components(separatedBy: "\n\n") {
            out += [".PP", escape(paragraph.replacingOccurrences(of: "\n", with: " "))]
        }
        out += [".SH SEE ALSO", "README.md and docs/losses.md in gpw's source; gpw losses; gpw demo \\-\\-list."]
        return out.joined(separator: "\n") + "\n"
    }

    /// Text safe as a roff line: backslashes doubled, hyphens literal, no line starting a request.
    static func escape(_ text: String) -> String {
        var s = text.replacingOccurrences(of: "\\", with: "\\e").replacingOccurrences(of: "-", with: "\\-")
        if s.hasPrefix(".") || s.hasPrefix("'") { s = "\\&" + s }
        return s
    }
}
