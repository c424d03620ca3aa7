/// A minimal parser for `ws` subcommand arguments: `--name value`, `--name=value`, boolean `--flag`s, options whose
/// value may be left out (`--binary`, `--binary base64`) and positional words, checked against the options a
/// subcommand declares.
struct CommandLineArguments {
    /// Why the arguments could not be parsed.
    struct ParseError: Error, CustomStringConvertible {
        /// What was wrong, for the user.
        var description: String
    }

    /// The words that are not options, in order.
    private(set) var positional: [String] = []
    private var values: [String: String] = [:]
    private var allValues: [String: [String]] = [:]
    private var flags: Set<String> = []

    /// Parses `arguments` (without the program and subcommand names). `valueOptions` take a value,
    /// `flagOptions` do not; names are given without the leading `--`. `optionalValueOptions` may stand alone or
    /// take a value: `--name=value`, or `--name value` when the next word is one of the values listed for it (any
    /// other next word is left for what follows). `--` ends option parsing.
    init(
        _ arguments: [String], valueOptions: Set<String> = [], flagOptions: Set<String> = [],
        optionalValueOptions: [String: Set<String>] = [:]
    ) throws(ParseError) {
        var index = 0
        var optionsEnded = false
        while index < arguments.count {
            let word = arguments[index]
            index += 1
            if optionsEnded || !word.hasPrefix("--") || word == "-" {
                positional.append(word)
                continue
            }
            if word == "--" {
                optionsEnded = true
                continue
            }
            var name = String(word.dropFirst(2))
            var inlineValue: String?
            if let equals = name.firstIndex(of: "=") {
                inlineValue = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            if let choices = optionalValueOptions[name] {
                if inlineValue == nil, index < arguments.count, choices.contains(arguments[index]) {
                    inlineValue = arguments[index]
                    index += 1
                }
                flags.insert(name)
                if let inlineValue { values[name] = inlineValue }
            } else if flagOptions.contains(name) {
                guard inlineValue == nil else { throw ParseError(description: "--\(name) takes no value") }
                flags.insert(name)
            } else if valueOptions.contains(name) {
                if let inlineValue {
                    values[name] = inlineValue
                } else {
                    guard index < arguments.count else { throw ParseError(description: "--\(name) needs a value") }
                    values[name] = arguments[index]
                    index += 1
                }
                allValues[name, default: []].append(values[name]!)
            } else {
                throw ParseError(description: "unknown option --\(name)")
            }
        }
    }

    /// True when the flag `--name` (or an optional-value option, with or without its value) was given.
    func flag(_ name: String) -> Bool { flags.contains(name) }

    /// The value of `--name`, if given (the last one when repeated).
    func value(_ name: String) -> String? { values[name] }

    /// Every value of a repeatable `--name`, in order.
    func values(_ name: String) -> [String] { allValues[name] ?? [] }

    /// The value of `--name` as an unsigned 64-bit integer (decimal, or hexadecimal with `0x`), if given.
    func uint64(_ name: String) throws(ParseError) -> UInt64? {
        guard let text = values[name] else { return nil }
        let parsed = text.hasPrefix("0x") ? UInt64(text.dropFirst(2), radix: 16) : UInt64(text)
        guard let parsed else { throw ParseError(description: "--\(name) needs an unsigned integer, not \(text)") }
        return parsed
    }

    /// The value of `--name` as a non-negative integer, if given.
    func int(_ name: String) throws(ParseError) -> Int? {
        guard let text = values[name] else { return nil }
        guard let parsed = Int(text), parsed >= 0 else {
            throw ParseError(description: "--\(name) needs a non-negative integer, not \(text)")
        }
        return parsed
    }
}
