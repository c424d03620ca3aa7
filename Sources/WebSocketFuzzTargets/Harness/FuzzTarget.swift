/// The libFuzzer targets: each parses one input and checks invariants that could fail, throwing `FuzzFailure`
/// when one does not hold. `.ci/fuzz.sh` builds one libFuzzer binary per target (`Tests/Fuzz/<name>.swift`), and
/// a test replays the seed corpora and found crashes (`Vectors/fuzz-corpus/<name>/`, `Vectors/fuzz-regressions/<name>/`)
/// through the same functions.
///
/// Most targets read one or two configuration bytes from the front of the input (role, extensions, limits, how the
/// data is cut into pieces), then parse the rest.
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// `FrameDecoder`: decoded frames re-encode to their wire bytes, chunking changes nothing.
    case frameDecoder = "frame-decoder"
    /// `Connection<Open>.receive` as server or client, with or without permessage-deflate.
    case connection = "connection"
    /// `ServerHandshakeReader` (HTTP request head parser and validation), then accept and the client's check.
    case serverHandshake = "server-handshake"
    /// `ClientHandshakeDriver` on a server's response.
    case clientHandshake = "client-handshake"
    /// `ExtensionOffer.parse` (the `Sec-WebSocket-Extensions` grammar) and permessage-deflate's answer.
    case extensionHeader = "extension-header"
    /// `Inflater` on arbitrary bytes: the output never passes its cap, chunking changes nothing.
    case inflate = "inflate"
    /// `Deflater` then `Inflater`: the input, compressed with parameters from its first bytes, comes back.
    case deflateRoundTrip = "deflate-roundtrip"
    /// `RESPParser` (Redis replies): typed errors only, chunking changes nothing, values re-encode and parse back.
    case respParser = "resp-parser"

    /// The target's name: its corpus folder and its binary.
    public var name: String { rawValue }

    /// Runs the target on one input.
    public func run(_ data: UnsafeRawBufferPointer) throws(FuzzFailure) {
        switch self {
        case .frameDecoder: try FrameDecoderTarget.run(data)
        case .connection: try ConnectionTarget.run(data)
        case .serverHandshake: try ServerHandshakeTarget.run(data)
        case .clientHandshake: try ClientHandshakeTarget.run(data)
        case .extensionHeader: try ExtensionHeaderTarget.run(data)
        case .inflate: try InflateTarget.run(data)
        case .deflateRoundTrip: try DeflateRoundTripTarget.run(data)
        case .respParser: try RESPParserTarget.run(data)
        }
    }

    /// Runs the target on one input.
    public func run(_ data: [UInt8]) throws(FuzzFailure) {
        let result = data.withUnsafeBytes { buffer in Result { () throws(FuzzFailure) in try run(buffer) } }
        try result.get()
    }
}
