/// The registry of every property, in the order `ws fuzz --list` shows them.
public enum Properties {
    /// Every property of the suite.
    public static let all: [Property] = [
        .maskingInvolution,
        .maskingMatchesDefinition,
        .maskingChunkIndependent,
        .maskingCopyAgrees,
        .frameRoundtrip,
        .headerLengthClasses,
        .decoderArbitraryBytes,
        .decoderChunkingIndependent,
        .utf8AgreesWithStdlib,
        .base64Roundtrip,
        .sha1ChunkIndependent,
        .acceptValueRoundtrip,
        .connectionChunkingIndependent,
        .connectionDirectReceiveIndependent,
        .deflateRoundTrip, .perMessageDeflateRoundTrip, .inflateArbitraryBytes,
        .httpChunkedBody,
    ]

    /// The property named `name`, if any.
    public static func named(_ name: String) -> Property? {
        all.first { $0.name == name }
    }
}
