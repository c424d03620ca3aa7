/// How hard a `Deflater` searches for matches: 1 (fastest) through 9 (smallest output). The default is 6,
/// which compresses about as well as zlib's default level.
public struct DeflateLevel: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The level, 1 through 9.
    public let value: Int

    /// The level `value`, or nil unless 1 through 9.
    public init?(_ value: Int) {
        guard (1...9).contains(value) else { return nil }
        self.value = value
    }

    private init(checked value: Int) { self.value = value }

    /// Level 1: greedy matching with short hash chains.
    public static let fastest = DeflateLevel(checked: 1)
    /// Level 6: lazy matching with moderate hash chains.
    public static let `default` = DeflateLevel(checked: 6)
    /// Level 9: lazy matching with long hash chains.
    public static let best = DeflateLevel(checked: 9)

    /// All levels, fastest first.
    public static let all: [DeflateLevel] = (1...9).map { DeflateLevel(checked: $0) }

    /// Orders levels from fastest to best.
    public static func < (lhs: DeflateLevel, rhs: DeflateLevel) -> Bool { lhs.value < rhs.value }

    /// `level N`.
    public var description: String { "level \(value)" }

    /// The match finder's parameters for this level.
    var parameters: MatchParameters { MatchParameters.table[value - 1] }
}

/// Parameters of the match finder for one level.
struct MatchParameters: Sendable {
    /// Lazy matching (look for a longer match at the next byte before taking one), or greedy.
    var lazy: Bool
    /// Lazy: search only a quarter of the chain when the previous match is already this long.
    var goodLength: Int
    /// Lazy: do not look for a better match when the previous one is this long. Greedy: insert the positions
    /// inside a match into the hash chains only for matches up to this long.
    var lazyLength: Int
    /// Stop searching when a match is this long.
    var niceLength: Int
    /// The most chain links followed per search.
    var chainLength: Int

    static let table: [MatchParameters] = [
        MatchParameters(lazy: false, goodLength: 4, lazyLength: 4, niceLength: 8, chainLength: 4),
        MatchParameters(lazy: false, goodLength: 4, lazyLength: 5, niceLength: 16, chainLength: 8),
        MatchParameters(lazy: false, goodLength: 4, lazyLength: 6, niceLength: 32, chainLength: 32),
        MatchParameters(lazy: true, goodLength: 4, lazyLength: 4, niceLength: 16, chainLength: 16),
        MatchParameters(lazy: true, goodLength: 8, lazyLength: 16, niceLength: 32, chainLength: 32),
        MatchParameters(lazy: true, goodLength: 8, lazyLength: 16, niceLength: 128, chainLength: 128),
        MatchParameters(lazy: true, goodLength: 8, lazyLength: 32, niceLength: 128, chainLength: 256),
        MatchParameters(lazy: true, goodLength: 32, lazyLength: 128, niceLength: 258, chainLength: 1024),
        MatchParameters(lazy: true, goodLength: 32, lazyLength: 258, niceLength: 258, chainLength: 4096),
    ]
}
