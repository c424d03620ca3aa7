/// What a connection has carried since it opened, in each direction: data messages and their payload bytes by
/// kind, control frames by kind, and the payload bytes of the messages an extension transformed (permessage-deflate
/// compressed), as the application sees them and as they went on the wire.
///
/// Counted by the connection as frames and messages complete, in plain integers (no lock, no allocation); read it
/// at any time (`Connection.traffic`, `WebSocketSession.traffic`), e.g. once per read pass to feed counters that
/// many connections share (`since(_:)` gives what changed). It only grows.
public struct ConnectionTraffic: Sendable, Hashable {
    /// One direction's counts.
    public struct Direction: Sendable, Hashable {
        /// Complete text messages (a fragmented message counts once, when its last frame is done).
        public var textMessages = 0
        /// Payload bytes of text messages, as the application sees them (after decoding, before encoding).
        public var textBytes = 0
        /// Complete binary messages.
        public var binaryMessages = 0
        /// Payload bytes of binary messages, as the application sees them.
        public var binaryBytes = 0
        /// Ping frames.
        public var pings = 0
        /// Pong frames (automatic answers to pings included).
        public var pongs = 0
        /// Close frames (at most one each way).
        public var closes = 0
        /// Messages an extension transformed (received: decoded; sent: encoded with reserved bits set).
        public var extensionMessages = 0
        /// The payload bytes of those messages as the application sees them (received: after decoding; sent:
        /// before encoding). Included in `textBytes` and `binaryBytes` as well.
        public var extensionPayloadBytes = 0
        /// The payload bytes of those messages on the wire (received: before decoding; sent: after encoding).
        public var extensionWireBytes = 0

        /// No counts.
        public init() {}

        /// Text and binary messages.
        public var messages: Int { textMessages &+ binaryMessages }

        /// Payload bytes of text and binary messages.
        public var bytes: Int { textBytes &+ binaryBytes }

        /// Counts payload bytes of a message of `kind`, and the message itself when `completes`.
        @inline(__always)
        mutating func count(_ kind: Message.Kind, bytes: Int, completes: Bool = true) {
            let finished = completes ? 1 : 0
            if kind == .text {
                textMessages &+= finished
                textBytes &+= bytes
            } else {
                binaryMessages &+= finished
                binaryBytes &+= bytes
            }
        }

        /// Counts a message an extension transformed (or a piece of one, completed when `completes`).
        @inline(__always)
        mutating func countTransformed(payload: Int, wire: Int, completes: Bool = true) {
            extensionMessages &+= completes ? 1 : 0
            extensionPayloadBytes &+= payload
            extensionWireBytes &+= wire
        }

        /// The counts added since `earlier`.
        public func since(_ earlier: Direction) -> Direction {
            var delta = Direction()
            delta.textMessages = textMessages &- earlier.textMessages
            delta.textBytes = textBytes &- earlier.textBytes
            delta.binaryMessages = binaryMessages &- earlier.binaryMessages
            delta.binaryBytes = binaryBytes &- earlier.binaryBytes
            delta.pings = pings &- earlier.pings
            delta.pongs = pongs &- earlier.pongs
            delta.closes = closes &- earlier.closes
            delta.extensionMessages = extensionMessages &- earlier.extensionMessages
            delta.extensionPayloadBytes = extensionPayloadBytes &- earlier.extensionPayloadBytes
            delta.extensionWireBytes = extensionWireBytes &- earlier.extensionWireBytes
            return delta
        }
    }

    /// What arrived from the peer.
    public var received = Direction()
    /// What was queued for the peer.
    public var sent = Direction()

    /// No counts.
    public init() {}

    /// The counts added since `earlier`.
    public func since(_ earlier: ConnectionTraffic) -> ConnectionTraffic {
        var delta = ConnectionTraffic()
        delta.received = received.since(earlier.received)
        delta.sent = sent.since(earlier.sent)
        return delta
    }
}
