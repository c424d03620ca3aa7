/// Deterministic inputs for compression tests: English-like text, JSON-like messages, random and repetitive
/// bytes.
enum TestCorpus {
    static let words = """
        the of and to in is was that for on with as by at from his her which or an be this had not are but were \
        they have one all their there been has when who will more no if out so said what up its about into than \
        them can only other new some could time these two may then do first any my now such like
        """.split(separator: " ").map(String.init)

    /// About `count` bytes of sentences.
    static func english(_ count: Int, seed: UInt64) -> [UInt8] {
        var generator = Xorshift64Star(seed: seed)
        var text = ""
        while text.utf8.count < count {
            let length = Int.random(in: 4...14, using: &generator)
            var sentence = (0..<length).map { _ in words.randomElement(using: &generator)! }
            sentence[0] = sentence[0].prefix(1).uppercased() + sentence[0].dropFirst()
            text += sentence.joined(separator: " ") + ". "
        }
        return Array(text.utf8.prefix(count))
    }

    /// A JSON-like message of a few hundred bytes.
    static func json(_ index: Int, seed: UInt64) -> [UInt8] {
        var generator = Xorshift64Star(seed: seed &+ UInt64(index))
        let names = ["ada", "grace", "linus", "ken", "barbara"]
        let kinds = ["update", "tick", "chat", "presence"]
        var items: [String] = []
        for _ in 0..<Int.random(in: 1...6, using: &generator) {
            let sku = Int.random(in: 0...999, using: &generator)
            let quantity = Int.random(in: 1...9, using: &generator)
            let cents = Int.random(in: 100...50000, using: &generator)
            items.append(#"{"sku":"SKU-\#(sku)","qty":\#(quantity),"price":\#(cents / 100).\#(cents % 100)}"#)
        }
        let text = String(decoding: english(Int.random(in: 20...120, using: &generator), seed: seed &+ 7), as: UTF8.self)
        let kind = kinds.randomElement(using: &generator)!
        let name = names.randomElement(using: &generator)!
        let score = Int.random(in: 0...99999, using: &generator)
        let head = #"{"type":"\#(kind)","id":\#(index),"user":{"name":"\#(name)","score":\#(score)},"#
        return Array((head + #""items":[\#(items.joined(separator: ","))],"text":"\#(text)"}"#).utf8)
    }

    /// Bytes with long repeats and runs.
    static func repetitive(_ count: Int, seed: UInt64) -> [UInt8] {
        var generator = Xorshift64Star(seed: seed)
        var bytes: [UInt8] = []
        while bytes.count < count {
            switch Int.random(in: 0...2, using: &generator) {
            case 0: bytes += Array(repeating: UInt8.random(in: 0...255, using: &generator), count: Int.random(in: 1...600, using: &generator))
            case 1:
                let pattern = generator.bytes(count: Int.random(in: 1...12, using: &generator))
                for _ in 0..<Int.random(in: 1...60, using: &generator) { bytes += pattern }
            default:
                if bytes.count > 10 {
                    let start = Int.random(in: 0..<bytes.count - 5, using: &generator)
                    bytes += bytes[start..<min(bytes.count, start + Int.random(in: 3...300, using: &generator))]
                }
            }
        }
        return Array(bytes.prefix(count))
    }

    /// A sequence of messages of every kind.
    static func messages(seed: UInt64) -> [[UInt8]] {
        var generator = Xorshift64Star(seed: seed)
        return [
            json(0, seed: seed), json(1, seed: seed), english(3000, seed: seed), generator.bytes(count: 700),
            repetitive(5000, seed: seed), [], json(2, seed: seed), Array("Hello".utf8), Array("Hello".utf8),
        ]
    }

    /// A longer sequence for idle-release tests: small messages around ones larger than the biggest window and
    /// than the deflater's buffer, so the windows fill and the buffers slide.
    static func longSequence(seed: UInt64) -> [[UInt8]] {
        messages(seed: seed) + [english(40_000, seed: seed &+ 1)] + messages(seed: seed &+ 2)
            + [repetitive(70_000, seed: seed &+ 3)] + messages(seed: seed &+ 4) + [english(9_000, seed: seed &+ 5)]
    }

    /// About half of the indices `0..<count`, chosen by `seed`: where to release idle memory.
    static func releasePoints(count: Int, seed: UInt64) -> Set<Int> {
        var generator = Xorshift64Star(seed: seed)
        return Set((0..<count).filter { _ in Bool.random(using: &generator) })
    }
}
