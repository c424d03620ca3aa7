/// Decodes a chunked body (RFC 9112 §7.1) incrementally, fed bytes split anywhere: the chunks' data is appended to
/// a body bounded by a limit, checked before it grows (a chunk size over what the limit leaves is refused at once,
/// however many hex digits it has: no overflow). Chunk extensions are skipped (bounded by the line limit), trailer
/// fields are read and dropped (bounded by the trailer limit). Line ends must be CRLF.
public struct ChunkedBodyDecoder: Sendable {
    /// What the bytes so far amount to.
    public enum Step: Sendable, Hashable {
        /// The body is not complete yet.
        case needMoreData
        /// The body ended; `consumed` bytes of the last input belonged to it (the rest is the next request).
        case complete(consumed: Int)
    }

    private enum State: Sendable {
        case size, extensions, sizeLineFeed
        case data(remaining: Int)
        case dataCarriageReturn, dataLineFeed
        case trailerLineStart, trailerLine, trailerLineFeed, finalLineFeed
        case done
    }

    /// The longest chunk-size line (size and extensions) accepted.
    public static let maximumLineLength = 4096

    private let maximumBodySize: Int
    private let maximumTrailerSize: Int
    private var state = State.size
    private var size = 0
    private var sizeDigits = 0
    private var lineLength = 0
    private var trailerBytes = 0
    /// The decoded body so far.
    public private(set) var body: [UInt8] = []

    /// A decoder whose body may hold up to `maximumBodySize` bytes and whose trailer section up to
    /// `maximumTrailerSize`.
    public init(maximumBodySize: Int, maximumTrailerSize: Int) {
        self.maximumBodySize = maximumBodySize
        self.maximumTrailerSize = maximumTrailerSize
    }

    /// Feeds the next bytes.
    public mutating func receive(_ bytes: UnsafeRawBufferPointer) throws(HTTPRequestError) -> Step {
        var index = 0
        while index < bytes.count {
            if case .data(let remaining) = state {
                let take = min(remaining, bytes.count - index)
                body.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[index..<(index + take)]))
                index += take
                state = remaining == take ? .dataCarriageReturn : .data(remaining: remaining - take)
                continue
            }
            let byte = bytes[index]
            index += 1
            try step(byte)
            if case .done = state { return .complete(consumed: index) }
        }
        return .needMoreData
    }

    private mutating func step(_ byte: UInt8) throws(HTTPRequestError) {
        let cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
        switch state {
        case .size:
            lineLength += 1
            guard lineLength <= Self.maximumLineLength else { throw .malformedChunk }
            if let digit = Self.hexValue(byte) {
                sizeDigits += 1
                // Refused as soon as the size passes what the limit leaves (and checked for overflow whatever the
                // limit): a hostile size costs a few digits, never a large allocation.
                let (shifted, overflow) = size.multipliedReportingOverflow(by: 16)
                size = shifted + digit
                if overflow || size > maximumBodySize - body.count { throw .bodyTooLarge(limit: maximumBodySize) }
            } else if sizeDigits > 0 && (byte == UInt8(ascii: ";") || byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")) {
                state = .extensions
            } else if sizeDigits > 0 && byte == cr {
                state = .sizeLineFeed
            } else {
                throw .malformedChunk
            }
        case .extensions:
            lineLength += 1
            guard lineLength <= Self.maximumLineLength else { throw .malformedChunk }
            if byte == cr {
                state = .sizeLineFeed
            } else if !HTTPSyntax.isFieldValueByte(byte) {
                throw .malformedChunk
            }
        case .sizeLineFeed:
            guard byte == lf else { throw .malformedChunk }
            if size == 0 {
                state = .trailerLineStart
            } else {
                state = .data(remaining: size)
            }
            size = 0
            sizeDigits = 0
            lineLength = 0
        case .data:
            break  // handled in bulk by `receive`
        case .dataCarriageReturn:
            guard byte == cr else { throw .malformedChunk }
            state = .dataLineFeed
        case .dataLineFeed:
            guard byte == lf else { throw .malformedChunk }
            state = .size
        case .trailerLineStart:
            if byte == cr {
                state = .finalLineFeed
            } else {
                try countTrailer()
                guard HTTPSyntax.isTokenByte(byte) else { throw .malformedChunk }
                state = .trailerLine
            }
        case .trailerLine:
            try countTrailer()
            if byte == cr {
                state = .trailerLineFeed
            } else if !HTTPSyntax.isFieldValueByte(byte) && byte != UInt8(ascii: ":") {
                throw .malformedChunk
            }
        case .trailerLineFeed:
            try countTrailer()
            guard byte == lf else { throw .malformedChunk }
            state = .trailerLineStart
        case .finalLineFeed:
            guard byte == lf else { throw .malformedChunk }
            state = .done
        case .done:
            break
        }
    }

    private mutating func countTrailer() throws(HTTPRequestError) {
        trailerBytes += 1
        if trailerBytes > maximumTrailerSize { throw .trailersTooLarge(limit: maximumTrailerSize) }
    }

    private static func hexValue(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): Int(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): Int(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }
}
