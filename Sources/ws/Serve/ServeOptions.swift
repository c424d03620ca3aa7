import WebSocketIO

/// `ws serve`'s subprotocol, buffer and queue options: `--subprotocol NAME` (repeatable), `--write-high-water`,
/// `--write-low-water`, `--read-buffer` and `--member-queue` (broadcast).
struct ServeOptions: Sendable {
    /// Options that take a value.
    static let valueOptions: Set<String> = [
        "subprotocol", "write-high-water", "write-low-water", "read-buffer", "member-queue",
    ]

    /// The smallest and largest `--read-buffer`.
    static let readBufferRange = 4096...(64 << 20)
    /// The largest water mark.
    static let maximumWaterMark = 1 << 30
    /// The smallest and largest `--member-queue`.
    static let memberQueueRange = 1...(1 << 30)

    /// The usage lines.
    static let usage = """
          --subprotocol NAME  speak subprotocol NAME (repeatable, most preferred first): a client offering some of
            them gets the first of ours it offered; a client offering none of them is accepted without one.
          --write-high-water BYTES  queued outbound bytes at which a connection stops reading until the peer takes
            them (and the write-stall timer starts; default 1048576); --write-low-water BYTES: where it reads again
            (at most the high water mark; default a quarter of it, 262144 for the default).
          --read-buffer BYTES  each event loop's shared read buffer, into which read(2) takes a socket's bytes
            (except the body of a large message, read straight into its own buffer; default 131072, 4096 to
            67108864). Inbound data per connection is bounded by --max-message and --max-frame, and by reading
            stopping while the connection's writes are above the high water mark.
          --member-queue BYTES  broadcast: the bytes a member may have waiting for it before it is closed with 1008
            as too slow (default 8388608).
        """

    /// The subprotocols this server speaks, most preferred first.
    var subprotocols: [String] = []
    /// The acceptance the server answers with (its subprotocols), built and checked once.
    var acceptance = UpgradeResponse()
    /// The write-buffer water marks (the low one a quarter of the high one unless given).
    var writeHighWater = WebSocketConfiguration().writeBufferHighWaterMark
    var writeLowWater = WebSocketConfiguration().writeBufferLowWaterMark
    /// The event loops' read buffer size.
    var readBufferSize = 128 << 10
    /// The hub's limit of bytes queued for one member.
    var memberQueueBytes = 8 << 20

    /// The defaults.
    init() {}

    /// The options given; throws the reason when one is invalid.
    init(_ options: CommandLineArguments, broadcast: Bool) throws(CommandLineArguments.ParseError) {
        subprotocols = options.values("subprotocol")
        if let duplicate = subprotocols.enumerated().first(where: { subprotocols[..<$0.offset].contains($0.element) }) {
            throw CommandLineArguments.ParseError(description: "--subprotocol \(duplicate.element) is given twice")
        }
        do {
            acceptance = try UpgradeResponse(supportedSubprotocols: subprotocols)
        } catch {
            throw CommandLineArguments.ParseError(
                description: "--subprotocol: \(error) (a subprotocol is an HTTP token: letters, digits and !#$%&'*+-.^_`|~)")
        }
        if let high = try Self.bytes(options, "write-high-water", in: 1...Self.maximumWaterMark) {
            writeHighWater = high
            writeLowWater = high / 4
        }
        if let low = try Self.bytes(options, "write-low-water", in: 0...Self.maximumWaterMark) { writeLowWater = low }
        guard writeLowWater <= writeHighWater else {
            throw CommandLineArguments.ParseError(
                description: "--write-low-water (\(writeLowWater)) must not exceed --write-high-water (\(writeHighWater))")
        }
        if let size = try Self.bytes(options, "read-buffer", in: Self.readBufferRange) { readBufferSize = size }
        if let limit = try Self.bytes(options, "member-queue", in: Self.memberQueueRange) {
            guard broadcast else { throw CommandLineArguments.ParseError(description: "--member-queue needs --mode broadcast") }
            memberQueueBytes = limit
        }
    }

    /// Puts the water marks into `configuration`.
    func apply(to configuration: inout WebSocketConfiguration) {
        configuration.writeBufferHighWaterMark = writeHighWater
        configuration.writeBufferLowWaterMark = writeLowWater
    }

    /// `decision` with this server's subprotocols: a plain acceptance becomes the acceptance that speaks them; a
    /// refusal, or an acceptance that says more, stays as it is.
    func decide(_ decision: UpgradeDecision) -> UpgradeDecision {
        guard !subprotocols.isEmpty, case .accept(let response) = decision, response == UpgradeResponse() else {
            return decision
        }
        return .accept(acceptance)
    }

    /// The value of `--name` as a byte count within `range`, if given.
    private static func bytes(
        _ options: CommandLineArguments, _ name: String, in range: ClosedRange<Int>
    ) throws(CommandLineArguments.ParseError) -> Int? {
        guard let value = try options.int(name) else { return nil }
        guard range.contains(value) else {
            throw CommandLineArguments.ParseError(description: "--\(name) is \(range.lowerBound) to \(range.upperBound) bytes, not \(value)")
        }
        return value
    }
}
