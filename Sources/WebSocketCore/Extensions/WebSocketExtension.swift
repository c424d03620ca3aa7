/// A negotiated extension's per-connection state (RFC 6455 §9): it claims reserved bits and transforms the
/// payload of whole data messages, in both directions. permessage-deflate (RFC 7692) is one.
///
/// The connection calls an extension only for data messages. Reserved bits that an extension claims are accepted
/// on the first frame of a data message only: never on control or continuation frames (as RFC 7692 §6 requires
/// of permessage-deflate).
///
/// An instance belongs to one connection and is used from one thread at a time.
public protocol WebSocketExtension: AnyObject {
    /// The registered extension name, e.g. `permessage-deflate`.
    var name: String { get }
    /// The reserved bits this extension may set on the first frame of a data message.
    var reservedBits: ReservedBits { get }

    /// Incoming: a data message begins whose first frame carries `bits` (a subset of `reservedBits`, possibly
    /// empty). Returns true when this extension will decode the message's payload.
    func beginDecoding(firstFrameReservedBits bits: ReservedBits) throws(ProtocolViolation) -> Bool

    /// Incoming: decodes the next piece of the payload of a message that `beginDecoding` claimed, appending the
    /// result to `output`. `isFinal` is true after the message's last piece (possibly with an empty `input`).
    /// Must throw `.messageTooLarge(limit:)` as soon as `output.count` would exceed `limit`, never later.
    func decode(
        _ input: UnsafeRawBufferPointer, isFinal: Bool, into output: inout [UInt8], limit: Int
    ) throws(ProtocolViolation)

    /// Outgoing: transforms the payload of a whole message. Returns the payload to send and the reserved bits for
    /// the message's first frame (empty when the message is sent untransformed).
    func encode(_ payload: [UInt8], kind: Message.Kind) -> (payload: [UInt8], reservedBits: ReservedBits)

    /// Outgoing, streamed: a message sent as a sequence of fragments whose total size is not known in advance
    /// (`Connection.beginFragmentedMessage`) begins. Returns the reserved bits for its first frame when this
    /// extension transforms the fragments (`encodeFragment` is then called for each), or nil when it cannot
    /// stream, and the fragments go out untransformed. The default returns nil.
    func beginEncodingFragments(kind: Message.Kind) -> ReservedBits?

    /// Outgoing, streamed: transforms the next fragment of the message `beginEncodingFragments` accepted;
    /// `isFinal` ends it (the result then completes the message). The result may be empty for a non-final
    /// fragment (the transform holds input back). The default returns `bytes` unchanged.
    func encodeFragment(_ bytes: [UInt8], isFinal: Bool) -> [UInt8]

    /// Frees memory the extension can rebuild later, keeping only what the next messages depend on (for
    /// permessage-deflate with context takeover: the windows of history).
    ///
    /// Called through `Connection<Open>.releaseIdleExtensionMemory()`, typically by the IO layer when the
    /// connection has been idle for a configured period; the connection calls it between messages only, never
    /// while a message is being received or a fragmented one sent. It must not change what goes on the wire: the
    /// next messages encode and decode to exactly the bytes they would have without it. An extension that is
    /// nonetheless in the middle of a message must leave that message's state alone. The default does nothing.
    func releaseIdleMemory()
}

extension WebSocketExtension {
    /// Does nothing: the extension keeps no memory worth releasing.
    public func releaseIdleMemory() {}

    /// Cannot stream: the fragments go out untransformed.
    public func beginEncodingFragments(kind: Message.Kind) -> ReservedBits? { nil }

    /// Returns `bytes` unchanged.
    public func encodeFragment(_ bytes: [UInt8], isFinal: Bool) -> [UInt8] { bytes }
}
