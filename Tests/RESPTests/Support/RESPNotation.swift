import RESP

/// A compact text form of a `RESPValue` for the vectors in `Vectors/resp/valid.json`:
/// `simple(OK)`, `error(ERR x)`, `int(1)`, `bulk(hi)`, `nullbulk`, `array[…]`, `nullarray`, `null`, `bool(true)`,
/// `double(1.5)`, `big(123)`, `bulkerror(…)`, `verbatim(txt, …)`, `map{k: v, …}`, `set[…]`, `attr{…} value`,
/// `push[…]`.
enum RESPNotation {
    static func text(_ value: RESPValue) -> String {
        switch value {
        case .simpleString(let s): "simple(\(s))"
        case .error(let s): "error(\(s))"
        case .integer(let n): "int(\(n))"
        case .bulkString(let b): "bulk(\(String(decoding: b, as: UTF8.self)))"
        case .nullBulkString: "nullbulk"
        case .array(let e): "array[\(list(e))]"
        case .nullArray: "nullarray"
        case .null: "null"
        case .boolean(let b): "bool(\(b))"
        case .double(let d): "double(\(d))"
        case .bigNumber(let s): "big(\(s))"
        case .bulkError(let b): "bulkerror(\(String(decoding: b, as: UTF8.self)))"
        case .verbatimString(let f, let t): "verbatim(\(f), \(String(decoding: t, as: UTF8.self)))"
        case .map(let entries): "map{\(pairs(entries))}"
        case .set(let e): "set[\(list(e))]"
        case .attribute(let entries, let v): "attr{\(pairs(entries))} \(text(v))"
        case .push(let e): "push[\(list(e))]"
        }
    }

    private static func list(_ elements: [RESPValue]) -> String {
        elements.map(text).joined(separator: ", ")
    }

    private static func pairs(_ entries: [RESPMapEntry]) -> String {
        entries.map { "\(text($0.key)): \(text($0.value))" }.joined(separator: ", ")
    }

    /// The name of an error's case (`"invalidLength"`), as the invalid vectors name it.
    static func caseName(_ error: RESPError) -> String {
        switch error {
        case .unknownType: "unknownType"
        case .invalidLineEnding: "invalidLineEnding"
        case .lineTooLong: "lineTooLong"
        case .invalidInteger: "invalidInteger"
        case .invalidLength: "invalidLength"
        case .bulkTooLong: "bulkTooLong"
        case .tooManyElements: "tooManyElements"
        case .nestingTooDeep: "nestingTooDeep"
        case .replyTooLarge: "replyTooLarge"
        case .missingTerminator: "missingTerminator"
        case .invalidBoolean: "invalidBoolean"
        case .invalidDouble: "invalidDouble"
        case .invalidBigNumber: "invalidBigNumber"
        case .invalidNull: "invalidNull"
        case .invalidVerbatimString: "invalidVerbatimString"
        case .streamedTypeUnsupported: "streamedTypeUnsupported"
        }
    }
}
