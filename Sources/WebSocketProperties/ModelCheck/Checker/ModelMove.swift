/// One step a `SessionPair` can take: the network delivers something, a timer fires, the application calls the
/// session, or the network fails. A sequence of moves replays a run exactly (`SessionPair.replay`); each move has a
/// short token (`ws check --replay "ds dc Cc ..."`).
public enum ModelMove: Sendable, Hashable, CustomStringConvertible {
    /// The next segment in flight towards `side` arrives (bytes, or the peer's FIN as `endOfStream`).
    case deliver(to: ModelSide)
    /// The transport of `side` is gone (both FINs exchanged, a reset, or the network died): `transportClosed`.
    case transportClosed(ModelSide)
    /// The armed timer of `side` fires; the clock jumps to its instant (never backwards).
    case fireTimer(ModelSide)
    /// The application of `side` closes (with the configuration's code for that side).
    case close(ModelSide)
    /// The application of `side` sends a text message.
    case send(ModelSide)
    /// The application of `side` sends a tracked ping.
    case ping(ModelSide)
    /// The network dies: every byte in flight is lost and both transports report `transportClosed`.
    case loss
    /// The stream towards `side` ends early (a FIN behind the bytes in flight that the peer's session did not ask
    /// for); later bytes of the peer are lost.
    case endOfStream(to: ModelSide)

    /// The move's token: `d`, `x`, `t`, `C`, `m`, `p`, `e` followed by `c` or `s`, or `L`.
    public var token: String {
        switch self {
        case .deliver(let side): "d\(side.letter)"
        case .transportClosed(let side): "x\(side.letter)"
        case .fireTimer(let side): "t\(side.letter)"
        case .close(let side): "C\(side.letter)"
        case .send(let side): "m\(side.letter)"
        case .ping(let side): "p\(side.letter)"
        case .loss: "L"
        case .endOfStream(let side): "e\(side.letter)"
        }
    }

    /// Parses a token made by `token`.
    public init?(token: some StringProtocol) {
        let token = String(token)
        if token == "L" {
            self = .loss
            return
        }
        guard token.count == 2, let kind = token.first, let letter = token.last else { return nil }
        let side: ModelSide
        switch letter {
        case "c": side = .client
        case "s": side = .server
        default: return nil
        }
        switch kind {
        case "d": self = .deliver(to: side)
        case "x": self = .transportClosed(side)
        case "t": self = .fireTimer(side)
        case "C": self = .close(side)
        case "m": self = .send(side)
        case "p": self = .ping(side)
        case "e": self = .endOfStream(to: side)
        default: return nil
        }
    }

    /// Parses tokens separated by spaces or commas; nil if one is not a move.
    public static func parse(_ text: String) -> [ModelMove]? {
        var moves: [ModelMove] = []
        for word in text.split(whereSeparator: { $0 == " " || $0 == "," }) {
            guard let move = ModelMove(token: word) else { return nil }
            moves.append(move)
        }
        return moves
    }

    /// The tokens of `moves`, separated by spaces.
    public static func tokens(_ moves: [ModelMove]) -> String {
        moves.map(\.token).joined(separator: " ")
    }

    /// The move in words.
    public var description: String {
        switch self {
        case .deliver(let side): "deliver the next segment to the \(side)"
        case .transportClosed(let side): "the \(side)'s transport is gone"
        case .fireTimer(let side): "fire the \(side)'s timer"
        case .close(let side): "the \(side)'s application closes"
        case .send(let side): "the \(side)'s application sends a message"
        case .ping(let side): "the \(side)'s application pings"
        case .loss: "the network dies"
        case .endOfStream(let side): "the stream to the \(side) ends early"
        }
    }
}
