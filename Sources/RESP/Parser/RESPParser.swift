/// An incremental RESP2/RESP3 parser: feed it the bytes a server sends, in chunks of any size, and take complete
/// values with `next()`.
///
/// Sans IO and total: any input yields values or a typed `RESPError`, never a trap. Every limit of
/// `RESPParserLimits` is checked on the header that declares a length or count, before any storage is committed;
/// storage grows only with the bytes that arrived (a header `$536870912` alone buffers nothing). After an error the
/// parser stays failed and throws the same error again.
///
/// ```swift
/// var parser = RESPParser()
/// parser.append(chunk)
/// while let reply = try parser.next() { handle(reply) }
/// ```
///
/// Feed one read's bytes, then drain with `next()` until it returns nil; the bytes left buffered then belong to one
/// incomplete reply, and `maximumReplyBytes` bounds them.
public struct RESPParser: Sendable {
    /// The limits this parser enforces.
    public let limits: RESPParserLimits

    private var buffer: [UInt8] = []
    /// Where the unparsed bytes start in `buffer`.
    private var start = 0
    /// Bytes after `start + 1` known to hold no CR or LF (so a long line arriving byte by byte is scanned once).
    private var scanned = 0
    /// The aggregates being filled, outermost first.
    private var stack: [Frame] = []
    /// Bytes of the current (incomplete) top-level reply already consumed from the buffer.
    private var consumedInReply = 0
    private var failure: RESPError?

    private enum Kind {
        case array, set, push, map, attribute
    }

    private struct Frame {
        var kind: Kind
        var remaining: Int
        var elements: [RESPValue] = []
    }

    private enum Item {
        case value(RESPValue)
        case aggregate(Kind, elements: Int)
    }

    /// A parser with `limits`.
    public init(limits: RESPParserLimits = RESPParserLimits()) {
        self.limits = limits
    }

    /// Bytes received but not yet consumed by a value.
    public var bufferedByteCount: Int { buffer.count - start }

    /// The error the parser failed with, if it did.
    public var error: RESPError? { failure }

    /// Whether a value is partly parsed (bytes buffered or an aggregate incomplete).
    public var hasPartialValue: Bool { bufferedByteCount > 0 || !stack.isEmpty }

    /// Adds received bytes (ignored once the parser has failed).
    public mutating func append(_ bytes: some Sequence<UInt8>) {
        guard failure == nil else { return }
        buffer.append(contentsOf: bytes)
    }

    /// Adds received bytes from memory valid only during the call (an event loop's read buffer).
    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        guard failure == nil else { return }
        buffer.append(contentsOf: bytes)
    }

    /// Adds `bytes` and returns every value they complete.
    public mutating func parse(_ bytes: some Sequence<UInt8>) throws(RESPError) -> [RESPValue] {
        append(bytes)
        var values: [RESPValue] = []
        while let value = try next() { values.append(value) }
        return values
    }

    /// The next complete value, or nil when more bytes are needed.
    public mutating func next() throws(RESPError) -> RESPValue? {
        if let failure { throw failure }
        do {
            return try step()
        } catch {
            failure = error
            buffer = []
            start = 0
            stack = []
            throw error
        }
    }

    private mutating func step() throws(RESPError) -> RESPValue? {
        while true {
            guard let item = try readItem() else {
                if consumedInReply + bufferedByteCount > limits.maximumReplyBytes {
                    throw .replyTooLarge(limit: limits.maximumReplyBytes)
                }
                return nil
            }
            var value: RESPValue
            switch item {
            case .value(let scalar):
                value = scalar
            case .aggregate(let kind, let count):
                if count == 0 {
                    value = Self.make(kind, [])
                } else {
                    guard stack.count < limits.maximumDepth else { throw .nestingTooDeep(limit: limits.maximumDepth) }
                    stack.append(Frame(kind: kind, remaining: count))
                    continue
                }
            }
            // Hand the value to the innermost open aggregate, closing every aggregate it completes.
            while !stack.isEmpty {
                let last = stack.count - 1
                stack[last].elements.append(value)
                stack[last].remaining -= 1
                if stack[last].remaining > 0 { break }
                let frame = stack.removeLast()
                value = Self.make(frame.kind, frame.elements)
            }
            if stack.isEmpty {
                consumedInReply = 0
                return value
            }
        }
    }

    private static func make(_ kind: Kind, _ elements: [RESPValue]) -> RESPValue {
        switch kind {
        case .array: return .array(elements)
        case .set: return .set(elements)
        case .push: return .push(elements)
        case .map: return .map(pairs(elements[...]))
        case .attribute: return .attribute(pairs(elements.dropLast()), elements[elements.count - 1])
        }
    }

    private static func pairs(_ elements: ArraySlice<RESPValue>) -> [RESPMapEntry] {
        var entries: [RESPMapEntry] = []
        entries.reserveCapacity(elements.count / 2)
        var index = elements.startIndex
        while index + 1 < elements.endIndex {
            entries.append(RESPMapEntry(key: elements[index], value: elements[index + 1]))
            index += 2
        }
        return entries
    }

    // MARK: Items

    private mutating func consume(_ count: Int) {
        start += count
        consumedInReply += count
        scanned = 0
        if start == buffer.count {
            buffer.removeAll(keepingCapacity: buffer.capacity <= 64 * 1024)
            start = 0
        } else if start >= 64 * 1024 && start * 2 >= buffer.count {
            buffer.removeSubrange(0..<start)
            start = 0
        }
    }

    /// The index of the CR ending the line that starts after the type byte, nil when it has not arrived.
    private mutating func lineEnd() throws(RESPError) -> Int? {
        let first = start + 1
        var index = first + scanned
        while index < buffer.count {
            let byte = buffer[index]
            if byte == 13 {
                guard index + 1 < buffer.count else {
                    scanned = index - first
                    return nil
                }
                guard buffer[index + 1] == 10 else { throw .invalidLineEnding }
                scanned = index - first
                return index
            }
            if byte == 10 { throw .invalidLineEnding }
            if index - first >= limits.maximumLineLength { throw .lineTooLong(limit: limits.maximumLineLength) }
            index += 1
        }
        scanned = index - first
        if scanned > limits.maximumLineLength { throw .lineTooLong(limit: limits.maximumLineLength) }
        return nil
    }

    private mutating func readItem() throws(RESPError) -> Item? {
        guard start < buffer.count else { return nil }
        let type = buffer[start]
        guard Self.isTypeByte(type) else { throw .unknownType(type) }
        guard let end = try lineEnd() else { return nil }
        let line = buffer[(start + 1)..<end]
        let header = end + 2 - start
        switch type {
        case UInt8(ascii: "+"):
            let text = String(decoding: line, as: UTF8.self)
            consume(header)
            return .value(.simpleString(text))
        case UInt8(ascii: "-"):
            let text = String(decoding: line, as: UTF8.self)
            consume(header)
            return .value(.error(text))
        case UInt8(ascii: ":"):
            guard let number = RESPNumber.int64(line) else { throw .invalidInteger }
            consume(header)
            return .value(.integer(number))
        case UInt8(ascii: "_"):
            guard line.isEmpty else { throw .invalidNull }
            consume(header)
            return .value(.null)
        case UInt8(ascii: "#"):
            guard line.count == 1, line.first == UInt8(ascii: "t") || line.first == UInt8(ascii: "f") else {
                throw .invalidBoolean
            }
            let value = line.first == UInt8(ascii: "t")
            consume(header)
            return .value(.boolean(value))
        case UInt8(ascii: ","):
            guard let number = RESPNumber.double(line) else { throw .invalidDouble }
            consume(header)
            return .value(.double(number))
        case UInt8(ascii: "("):
            guard RESPNumber.isBigNumber(line) else { throw .invalidBigNumber }
            let text = String(decoding: line, as: UTF8.self)
            consume(header)
            return .value(.bigNumber(text))
        case UInt8(ascii: "$"), UInt8(ascii: "!"), UInt8(ascii: "="):
            return try readBulk(type: type, line: line, header: header)
        default:
            return try readAggregateHeader(type: type, line: line, header: header)
        }
    }

    private static func isTypeByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: ":"), UInt8(ascii: "$"), UInt8(ascii: "*"),
            UInt8(ascii: "_"), UInt8(ascii: "#"), UInt8(ascii: ","), UInt8(ascii: "("), UInt8(ascii: "!"),
            UInt8(ascii: "="), UInt8(ascii: "%"), UInt8(ascii: "~"), UInt8(ascii: "|"), UInt8(ascii: ">"):
            return true
        default:
            return false
        }
    }

    private mutating func readBulk(type: UInt8, line: ArraySlice<UInt8>, header: Int) throws(RESPError) -> Item? {
        if line.first == UInt8(ascii: "?") { throw .streamedTypeUnsupported }
        if type == UInt8(ascii: "$") && line.elementsEqual([UInt8(ascii: "-"), UInt8(ascii: "1")]) {
            consume(header)
            return .value(.nullBulkString)
        }
        guard let length = RESPNumber.length(line) else { throw .invalidLength }
        guard length <= limits.maximumBulkLength else { throw .bulkTooLong(limit: limits.maximumBulkLength) }
        let total = header + length + 2
        guard consumedInReply + total <= limits.maximumReplyBytes else {
            throw .replyTooLarge(limit: limits.maximumReplyBytes)
        }
        guard buffer.count - start >= total else { return nil }
        let payloadStart = start + header
        let payloadEnd = payloadStart + length
        guard buffer[payloadEnd] == 13, buffer[payloadEnd + 1] == 10 else { throw .missingTerminator }
        let payload = Array(buffer[payloadStart..<payloadEnd])
        let value: RESPValue
        switch type {
        case UInt8(ascii: "$"):
            value = .bulkString(payload)
        case UInt8(ascii: "!"):
            value = .bulkError(payload)
        default:
            guard payload.count >= 4, payload[3] == UInt8(ascii: ":"), payload[0..<3].allSatisfy({ $0 < 0x80 }) else {
                throw .invalidVerbatimString
            }
            value = .verbatimString(
                format: String(decoding: payload[0..<3], as: UTF8.self), text: Array(payload[4...]))
        }
        consume(total)
        return .value(value)
    }

    private mutating func readAggregateHeader(
        type: UInt8, line: ArraySlice<UInt8>, header: Int
    ) throws(RESPError) -> Item? {
        if line.first == UInt8(ascii: "?") { throw .streamedTypeUnsupported }
        if type == UInt8(ascii: "*") && line.elementsEqual([UInt8(ascii: "-"), UInt8(ascii: "1")]) {
            consume(header)
            return .value(.nullArray)
        }
        guard let count = RESPNumber.length(line) else { throw .invalidLength }
        guard count <= limits.maximumElementCount else { throw .tooManyElements(limit: limits.maximumElementCount) }
        let kind: Kind
        var elements = count
        switch type {
        case UInt8(ascii: "*"): kind = .array
        case UInt8(ascii: "~"): kind = .set
        case UInt8(ascii: ">"): kind = .push
        case UInt8(ascii: "%"):
            kind = .map
            elements = count * 2
        default:
            kind = .attribute
            elements = count * 2 + 1
        }
        consume(header)
        return .aggregate(kind, elements: elements)
    }
}
