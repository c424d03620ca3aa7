import WebSocketCore

/// What a permessage-deflate negotiation agreed on (RFC 7692 §7.1), the same for both ends: the window each side
/// compresses with and whether it keeps its window between messages.
public struct PerMessageDeflateSettings: Sendable, Hashable, CustomStringConvertible {
    /// The server resets its compression context after every message.
    public var serverNoContextTakeover: Bool
    /// The client resets its compression context after every message.
    public var clientNoContextTakeover: Bool
    /// The server compresses with a window of at most `1 << serverMaxWindowBits` bytes (8–15).
    public var serverMaxWindowBits: Int
    /// The client compresses with a window of at most `1 << clientMaxWindowBits` bytes (8–15).
    public var clientMaxWindowBits: Int

    /// Settings with the given values.
    public init(
        serverNoContextTakeover: Bool = false, clientNoContextTakeover: Bool = false, serverMaxWindowBits: Int = 15,
        clientMaxWindowBits: Int = 15
    ) {
        self.serverNoContextTakeover = serverNoContextTakeover
        self.clientNoContextTakeover = clientNoContextTakeover
        self.serverMaxWindowBits = serverMaxWindowBits
        self.clientMaxWindowBits = clientMaxWindowBits
    }

    /// The window bits `role` compresses with.
    public func sendingWindowBits(for role: Role) -> Int {
        role == .server ? serverMaxWindowBits : clientMaxWindowBits
    }

    /// The window bits `role` decompresses with (the peer's compression window).
    public func receivingWindowBits(for role: Role) -> Int {
        role == .server ? clientMaxWindowBits : serverMaxWindowBits
    }

    /// Whether `role` resets its deflater after every message.
    public func sendingResetsContext(for role: Role) -> Bool {
        role == .server ? serverNoContextTakeover : clientNoContextTakeover
    }

    /// Whether `role` resets its inflater after every message (the peer does not take over its context).
    public func receivingResetsContext(for role: Role) -> Bool {
        role == .server ? clientNoContextTakeover : serverNoContextTakeover
    }

    /// E.g. `server window 15, client window 15, context takeover both ways`.
    public var description: String {
        let takeover: String
        switch (serverNoContextTakeover, clientNoContextTakeover) {
        case (false, false): takeover = "context takeover both ways"
        case (true, true): takeover = "no context takeover"
        case (true, false): takeover = "server_no_context_takeover"
        case (false, true): takeover = "client_no_context_takeover"
        }
        return "server window \(serverMaxWindowBits), client window \(clientMaxWindowBits), \(takeover)"
    }
}
