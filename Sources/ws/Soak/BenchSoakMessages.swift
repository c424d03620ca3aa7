import WebSocketIO
import WebSocketProperties

/// The size classes of soak messages: mostly small, few large.
enum SoakSizeClass: Int, CaseIterable, Sendable, CustomStringConvertible {
    case tiny, small, medium, large, huge

    /// Parts per thousand of messages in each class.
    static let weights = [550, 250, 130, 50, 20]

    /// The sizes of the class (clamped to the largest message allowed).
    var range: ClosedRange<Int> {
        switch self {
        case .tiny: 0...125
        case .small: 126...4096
        case .medium: 4097...65536
        case .large: 65537...262_144
        case .huge: 262_145...1_048_576
        }
    }

    /// The class of a message of `size` bytes.
    init(size: Int) {
        self = Self.allCases.first { size <= $0.range.upperBound } ?? .huge
    }

    var description: String {
        switch self {
        case .tiny: "0-125 B"
        case .small: "126 B-4 KiB"
        case .medium: "4-64 KiB"
        case .large: "64-256 KiB"
        case .huge: "256 KiB-1 MiB"
        }
    }
}

/// One message a well-behaved client sends: the message, and where it is cut into fragments (empty: one frame).
struct SoakOutgoing {
    /// The message as the echo must return it.
    var message: Message
    /// Fragment boundaries (offsets into the payload, ascending, each in 0...count); empty for a single frame.
    var cuts: [Int]

    /// The fragments the cuts give (empty fragments included).
    var fragments: [[UInt8]] {
        var pieces: [[UInt8]] = []
        var start = 0
        for cut in cuts + [message.bytes.count] {
            pieces.append(Array(message.bytes[start..<cut]))
            start = cut
        }
        return pieces
    }
}

/// Draws soak messages from a seeded generator: the size from `SoakSizeClass.weights`, text (valid UTF-8 with some
/// multi-byte characters, compressible) or binary (random or repetitive), and one in seven sent fragmented.
enum SoakMessages {
    /// Words text messages are made of (two-, three- and four-byte UTF-8 among them).
    static let words: [[UInt8]] = [
        "the", "echo", "server", "frame", "socket", "message", "é", "naïve", "façade", "✓", "→", "😀", "żółw", "日本",
        "{\"id\":", "42,", "\"ok\":true}", "lorem", "ipsum", "0123456789",
    ].map { Array($0.utf8) }

    /// A message of at most `maximumSize` bytes.
    static func next(using g: inout Xorshift64Star, maximumSize: Int) -> SoakOutgoing {
        let size = drawSize(using: &g, maximumSize: maximumSize)
        let message = g.bool() ? Message(kind: .text, bytes: text(size: size, using: &g)) : .binary(binary(size: size, using: &g))
        var cuts: [Int] = []
        if g.oneIn(7) {
            let pieces = g.int(in: 2...6)
            cuts = (1..<pieces).map { _ in g.int(in: 0...size) }.sorted()
        }
        return SoakOutgoing(message: message, cuts: cuts)
    }

    /// A size drawn by class weight, then uniformly within the class, at most `maximumSize`.
    static func drawSize(using g: inout Xorshift64Star, maximumSize: Int) -> Int {
        var pick = g.int(in: 0..<SoakSizeClass.weights.reduce(0, +))
        var chosen = SoakSizeClass.tiny
        for sizeClass in SoakSizeClass.allCases {
            if pick < SoakSizeClass.weights[sizeClass.rawValue] {
                chosen = sizeClass
                break
            }
            pick -= SoakSizeClass.weights[sizeClass.rawValue]
        }
        let range = chosen.range
        let upper = min(range.upperBound, maximumSize)
        return upper < range.lowerBound ? g.int(in: 0...max(0, maximumSize)) : g.int(in: range.lowerBound...upper)
    }

    /// Exactly `size` bytes of valid UTF-8: words and spaces, padded with ASCII where a character would not fit.
    static func text(size: Int, using g: inout Xorshift64Star) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(size)
        while bytes.count < size {
            let word = words[Int(g.below(UInt64(words.count)))]
            if bytes.count + word.count + 1 > size {
                bytes.append(contentsOf: repeatElement(UInt8(ascii: "."), count: size - bytes.count))
                break
            }
            bytes.append(contentsOf: word)
            bytes.append(UInt8(ascii: " "))
        }
        return bytes
    }

    /// `size` bytes: random (incompressible) or a short random pattern repeated with some noise (compressible).
    static func binary(size: Int, using g: inout Xorshift64Star) -> [UInt8] {
        if g.bool() { return g.bytes(count: size) }
        let pattern = g.bytes(count: g.int(in: 1...64))
        var bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            for index in 0..<size { buffer[index] = pattern[index % pattern.count] }
            initialized = size
        }
        if size > 0 {
            for _ in 0..<(size / 512) { bytes[Int(g.below(UInt64(size)))] = g.byte() }
        }
        return bytes
    }
}
