/// An incremental parser for one HTTP/1.x head (a request head or a response head).
///
/// Feed it bytes as they arrive, split anywhere. It answers `.needMoreData` until the blank line that ends the
/// head has been seen, then `.complete(head, consumed:)`, where `consumed` is how many bytes of that last input
/// were part of the head: any bytes after the blank line belong to the WebSocket stream and are left to the
/// caller. After completion or an error the parser is finished; feeding it again throws `.alreadyComplete` or
/// the same error.
///
/// Line ends must be CRLF; a bare LF or bare CR is an error (our choice: RFC 9112 §2.2 only permits tolerating
/// bare LF, and strictness avoids disagreeing with other parsers about where a head ends). Obsolete line folding
/// is rejected, field names must be tokens with no whitespace before the colon, and field values must not hold
/// control characters. Values are decoded as UTF-8 (invalid sequences become U+FFFD).
public struct HTTPHeadParser<Head: HTTPParsableHead>: Sendable {
    /// The default limit on the head size in bytes: 16 KiB.
    public static var defaultMaximumHeadSize: Int { 16 * 1024 }
    /// The default limit on the number of header fields: 100.
    public static var defaultMaximumHeaderCount: Int { 100 }

    /// The most bytes the head may take, including the start line, all fields and the final blank line.
    public let maximumHeadSize: Int
    /// The most header fields the head may have.
    public let maximumHeaderCount: Int

    private var head: [UInt8] = []
    private var previousWasCarriageReturn = false
    private var currentLineLength = 0
    private var completedLineCount = 0
    private var finished: HTTPHeadError?

    /// A parser with the given limits (16 KiB and 100 fields by default).
    public init(
        maximumHeadSize: Int = HTTPHeadParser.defaultMaximumHeadSize,
        maximumHeaderCount: Int = HTTPHeadParser.defaultMaximumHeaderCount
    ) {
        self.maximumHeadSize = max(0, maximumHeadSize)
        self.maximumHeaderCount = max(0, maximumHeaderCount)
    }

    /// Feeds the next bytes of the stream.
    public mutating func feed(_ bytes: some Collection<UInt8>) throws(HTTPHeadError) -> HTTPHeadParseResult<Head> {
        if let finished { throw finished }
        var consumed = 0
        for byte in bytes {
            consumed += 1
            do {
                if try accept(byte) {
                    let result = try parseHead()
                    finished = .alreadyComplete
                    return .complete(result, consumed: consumed)
                }
            } catch {
                finished = error
                throw error
            }
        }
        return .needMoreData
    }

    /// Adds one byte; returns true when it ended the head.
    private mutating func accept(_ byte: UInt8) throws(HTTPHeadError) -> Bool {
        guard head.count < maximumHeadSize else { throw .headTooLarge(limit: maximumHeadSize) }
        head.append(byte)
        if previousWasCarriageReturn {
            guard byte == Self.lineFeed else { throw .bareCarriageReturn }
            previousWasCarriageReturn = false
            if currentLineLength == 0 { return true }
            completedLineCount += 1
            // Every completed line after the start line is a field.
            if completedLineCount - 1 > maximumHeaderCount { throw .tooManyHeaders(limit: maximumHeaderCount) }
            currentLineLength = 0
        } else if byte == Self.carriageReturn {
            previousWasCarriageReturn = true
        } else if byte == Self.lineFeed {
            throw .bareLineFeed
        } else {
            currentLineLength += 1
        }
        return false
    }

    /// Parses the buffered head, which ends with CRLF CRLF and has only CRLF line ends.
    private func parseHead() throws(HTTPHeadError) -> Head {
        var lines: [ArraySlice<UInt8>] = []
        var lineStart = 0
        var index = 0
        let end = head.count - 2 // drop the blank line's CRLF
        while index < end {
            if head[index] == Self.carriageReturn {
                lines.append(head[lineStart..<index])
                index += 2
                lineStart = index
            } else {
                index += 1
            }
        }
        let startLine = lines.first ?? []
        var headers = HTTPHeaders()
        for line in lines.dropFirst() {
            let field = try Self.parseField(line)
            headers.append(name: field.name, value: field.value)
        }
        return try Head.parse(startLine: startLine, headers: headers)
    }

    /// Parses `field-name ":" OWS field-value OWS` (RFC 9112 §5).
    private static func parseField(_ line: ArraySlice<UInt8>) throws(HTTPHeadError) -> HTTPHeaderField {
        guard let first = line.first else { throw .invalidHeaderName }
        if HTTPSyntax.isWhitespace(first) { throw .obsoleteLineFolding }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { throw .missingColon }
        let nameBytes = line[line.startIndex..<colon]
        guard let lastNameByte = nameBytes.last else { throw .invalidHeaderName }
        if HTTPSyntax.isWhitespace(lastNameByte) { throw .whitespaceBeforeColon }
        guard nameBytes.allSatisfy(HTTPSyntax.isTokenByte) else { throw .invalidHeaderName }
        let name = String(decoding: nameBytes, as: UTF8.self)

        var valueBytes = line[(colon + 1)...]
        while let byte = valueBytes.first, HTTPSyntax.isWhitespace(byte) { valueBytes = valueBytes.dropFirst() }
        while let byte = valueBytes.last, HTTPSyntax.isWhitespace(byte) { valueBytes = valueBytes.dropLast() }
        guard valueBytes.allSatisfy(HTTPSyntax.isFieldValueByte) else { throw .invalidHeaderValue(name: name) }
        return HTTPHeaderField(name: name, value: String(decoding: valueBytes, as: UTF8.self))
    }

    private static var carriageReturn: UInt8 { 13 }
    private static var lineFeed: UInt8 { 10 }
}

/// Parses HTTP request heads (the server side of the handshake).
public typealias HTTPRequestHeadParser = HTTPHeadParser<HTTPRequestHead>

/// Parses HTTP response heads (the client side of the handshake).
public typealias HTTPResponseHeadParser = HTTPHeadParser<HTTPResponseHead>
