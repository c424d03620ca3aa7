/// The fields of a `ProtocolMachine` that only a close, a failure, streamed delivery or a fragmented send use,
/// out of line: an open connection that exchanges whole messages never makes one (`ProtocolMachine.cold`).
final class ProtocolMachineCold {
    /// The message in progress when messages are delivered in chunks (`MessageDelivery.streamed`); nil when they
    /// are delivered whole. Checked once per frame and per payload slice, never per byte.
    @exclusivity(unchecked) var chunker: MessageChunker?
    /// The extension transforming the fragmented message being sent, if one accepted it.
    @exclusivity(unchecked) var fragmentEncoder: (any WebSocketExtension)?
    /// A close or failure held back behind messages of the same input (`ProtocolMachine.deferredTerminal`).
    @exclusivity(unchecked) var deferredTerminal: ProtocolMachine.Terminal?
    @exclusivity(unchecked) var closeSent: ClosePayload?
    @exclusivity(unchecked) var closeReceived: ClosePayload?
    @exclusivity(unchecked) var failure: ProtocolViolation?
}
