/// A command for a Redis server: its name and arguments, each sent as a bulk string (binary safe).
///
/// ```swift
/// var command: RESPCommand = ["PUBLISH", "room:1"]
/// command.append(bytes: payload)
/// ```
public struct RESPCommand: Hashable, Sendable, ExpressibleByArrayLiteral {
    /// The command name and its arguments, as bytes.
    public var arguments: [[UInt8]]

    /// A command from text arguments (the first is the command name), each sent as its UTF-8 bytes.
    public init(_ arguments: [String]) {
        self.arguments = arguments.map { Array($0.utf8) }
    }

    /// A command from binary arguments.
    public init(bytes arguments: [[UInt8]]) {
        self.arguments = arguments
    }

    /// A command from text arguments: `["SET", "key", "value"]`.
    public init(arrayLiteral elements: String...) {
        self.init(elements)
    }

    /// Appends a text argument.
    public mutating func append(_ argument: String) {
        arguments.append(Array(argument.utf8))
    }

    /// Appends a binary argument.
    public mutating func append(bytes argument: [UInt8]) {
        arguments.append(argument)
    }

    /// The command name in upper case (`""` for an empty command).
    public var name: String {
        String(decoding: arguments.first ?? [], as: UTF8.self).uppercased()
    }

    /// The command's wire form: an array of bulk strings.
    public var encoded: [UInt8] {
        var out: [UInt8] = []
        RESPEncoder.encode(self, into: &out)
        return out
    }
}
