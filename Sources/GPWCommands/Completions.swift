import Foundation
import PairWeighting

/// `gpw completions bash|zsh|fish`: a completion script for commands, options, dataset names,
/// loss names and each option's choices, generated from ``CommandTable``.
enum Completions {
    enum Shell: String, CaseIterable { case bash, zsh, fish }

    static func run(_ arguments: Arguments) throws {
        var arguments = arguments
        let words = arguments.positionals()
        try arguments.finish()
        let shells = Shell.allCases.map(\.rawValue).joined(separator: ", ")
        guard words.count == 1 else {
            throw CommandError.usage("gpw completions needs one shell: \(shells) (e.g. gpw completions bash)")
        }
        guard let shell = Shell(rawValue: words[0]) else {
            throw CommandError.usage("gpw completions \(words[0]): unknown shell; expected one of \(shells)")
        }
        try Output.write(script(for: shell))
    }

    static func script(for shell: Shell) -> String {
        switch shell {
        case .bash: return bash()
        case .zsh: return zsh()
        case .fish: return fish()
        }
    }

    static var commandNames: [String] { CommandTable.all.map(\.name) }
    static var lossNames: [String] { LossCatalog.names }

    /// The words an option's value completes to, and whether files are offered too.
    static func valueWords(_ option: Option) -> (words: [String], files: Bool, directories: Bool) {
        if option.name == Options.data.name { return (CommandTable.datasetNames, true, false) }
        if option.name == Options.loss.name { return (lossNames, false, false) }
        if option.name == Options.play.name { return (DemoCatalog.numbers, true, false) }
        switch option.value {
        case .choice(let words): return (words, false, false)
        case .path: return ([], true, false)
        case .directory: return ([], false, true)
        default: return ([], false, false)
        }
    }

    static func visible(_ command: CommandInfo) -> [Option] { command.options.filter { !$0.hidden } }

    // MARK: bash

    static func bash() -> String {
        var s = """
        # bash completion for gpw (gpw completions bash)
        _gpw() {
            local cur prev cmd
            cur="${COMP_WORDS[COMP_CWORD]}"
            prev="${COMP_WORDS[COMP_CWORD-1]}"
            cmd="explore"
            if [[ $COMP_CWORD -eq 1 && "$cur" != -* ]]; then
                COMPREPLY=($(compgen -W "\(commandNames.joined(separator: " "))" -- "$cur"))
                return
            fi
            if [[ $COMP_CWORD -gt 1 && "${COMP_WORDS[1]}" != -* ]]; then cmd="${COMP_WORDS[1]}"; fi
            case "$prev" in

        """
        var valueCases: [String: String] = [:]
        for command in CommandTable.all {
            for option in visible(command) where option.takesValue {
                let (words, files, directories) = valueWords(option)
                var body = ""
                if !words.isEmpty { body += "COMPREPLY=($(compgen -W \"\(words.joined(separator: " "))\" -- \"$cur\")); " }
                if files { body += "COMPREPLY+=($(compgen -f -- \"$cur\")); " }
                if directories { body += "COMPREPLY=($(compgen -d -- \"$cur\")); " }
                if body.isEmpty { body = "COMPREPLY=(); " }
                let key = option.spellings.joined(separator: "|")
                // Two commands' --format differ: the case on the command picks the right words.
                valueCases[key, default: ""] += "            \(command.name)) \(body);;\n"
            }
        }
        for key in valueCases.keys.sorted() {
            s += "        \(key))\n            case \"$cmd\" in\n\(valueCases[key]!)            esac\n            return;;\n"
        }
        s += "    esac\n    case \"$cmd\" in\n"
        for command in CommandTable.all {
            let options = visible(command).flatMap(\.spellings).joined(separator: " ")
            let positional = command.name == "help" ? " " + commandNames.joined(separator: " ")
                : command.name == "completions" ? " " + Shell.allCases.map(\.rawValue).joined(separator: " ")
                : command.name == "demo" ? " " + DemoCatalog.numbers.joined(separator: " ") : ""
            s += "        \(command.name)) COMPREPLY=($(compgen -W \"\(options)\(positional)\" -- \"$cur\"));;\n"
        }
        s += "    esac\n}\ncomplete -o default -F _gpw gpw\n"
        return s
    }

    // MARK: zsh

    /// Text safe inside a single-quoted zsh `_arguments` spec: no `'`, and `[ ] :` escaped.
    static func zshQuoted(_ text: String) -> String {
        text.replacingOccurrences(of: "'", with: "")
            .replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "[", with: "\\[").replacingOccurrences(of: "]", with: "\\]")
            .replacingOccurrences(of: ":", with: "\\:")
    }

    static func zsh() -> String {
        var s = "#compdef gpw\n# zsh completion for gpw (gpw completions zsh)\n\n_gpw() {\n    local -a commands\n    commands=(\n"
        for command in CommandTable.all {
            s += "        '\(command.name):\(zshQuoted(command.summary))'\n"
        }
        s += "    )\n    if (( CURRENT == 2 )) && [[ ${words[2]} != -* ]]; then\n        _describe 'command' commands\n        return\n    fi\n"
        s += "    local cmd=explore\n    [[ ${words[2]} != -* ]] && cmd=${words[2]} && shift words && (( CURRENT-- ))\n    case $cmd in\n"
        for command in CommandTable.all {
            s += "        \(command.name))\n            _arguments -s"
            for option in visible(command) {
                let help = zshQuoted(option.help)
                let repeats = option.repeatable ? "*" : ""
                var action = ""
                if option.takesValue {
                    let (words, files, directories) = valueWords(option)
                    let placeholder = zshQuoted(option.placeholder)
                    if directories { action = ":\(placeholder):_files -/" }
                    else if !words.isEmpty && files { action = ":\(placeholder):{_alternative 'names\\:name\\:(\(words.joined(separator: " ")))' 'files\\:file\\:_files'}" }
                    else if !words.isEmpty { action = ":\(placeholder):(\(words.joined(separator: " ")))" }
                    else if files { action = ":\(placeholder):_files" }
                    else { action = ":\(placeholder): " }
                }
                for spelling in option.spellings {
                    s += " \\\n                '\(repeats)\(spelling)\(option.takesValue && spelling.hasPrefix("--") ? "=" : "")[\(help)]\(action)'"
                }
            }
            switch command.name {
            case "help": s += " \\\n                '1:command:(\(commandNames.joined(separator: " ")))'"
            case "completions": s += " \\\n                '1:shell:(\(Shell.allCases.map(\.rawValue).joined(separator: " ")))'"
            case "demo": s += " \\\n                '*:demo:{_alternative \"numbers\\:demo\\:(\(DemoCatalog.numbers.joined(separator: " ")))\" \"files\\:file\\:_files\"}'"
            default: break
            }
            s += "\n            ;;\n"
        }
        s += "    esac\n}\n\n_gpw \"$@\"\n"
        return s
    }

    // MARK: fish

    static func fishQuoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
    }

    static func fish() -> String {
        var s = "# fish completion for gpw (gpw completions fish)\ncomplete -c gpw -f\n"
        let all = commandNames.joined(separator: " ")
        for command in CommandTable.all {
            s += "complete -c gpw -n 'not __fish_seen_subcommand_from \(all)' -a \(command.name) -d \(fishQuoted(command.summary))\n"
        }
        for command in CommandTable.all {
            let condition = command.name == "explore"
                ? "'__fish_seen_subcommand_from explore; or not __fish_seen_subcommand_from \(all)'"
                : "'__fish_seen_subcommand_from \(command.name)'"
            for option in visible(command) {
                var line = "complete -c gpw -n \(condition)"
                for spelling in option.spellings {
                    line += spelling.hasPrefix("--") ? " -l \(spelling.dropFirst(2))" : " -s \(spelling.dropFirst())"
                }
                if option.takesValue {
                    let (words, files, _) = valueWords(option)
                    line += files || option.value == .directory ? " -r -F" : " -x"
                    if !words.isEmpty { line += " -a " + fishQuoted(words.joined(separator: " ")) }
                }
                s += line + " -d " + fishQuoted(option.help) + "\n"
            }
        }
        s += "complete -c gpw -n '__fish_seen_subcommand_from help' -a \(fishQuoted(all))\n"
        s += "complete -c gpw -n '__fish_seen_subcommand_from completions' -a 'bash zsh fish'\n"
        s += "complete -c gpw -n '__fish_seen_subcommand_from demo' -a \(fishQuoted(DemoCatalog.numbers.joined(separator: " "))) -F\n"
        return s
    }
}
