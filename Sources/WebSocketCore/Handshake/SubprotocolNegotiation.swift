extension ServerHandshake {
    /// The subprotocol to answer with (RFC 6455 §4.2.2 item 5.4): the first entry of the server's own
    /// preference list `supported` that the client offered (exact, case-sensitive match), or nil when none was.
    public static func selectSubprotocol(offered: [String], supported: [String]) -> String? {
        supported.first { offered.contains($0) }
    }
}
