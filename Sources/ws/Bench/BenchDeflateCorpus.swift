import Foundation
import WebSocketProperties

/// The deterministic message corpus of `ws bench deflate`: JSON-like event messages (what most WebSocket
/// applications send) and English-like prose, drawn from a fixed seed so every run and machine compresses the
/// same bytes.
struct BenchDeflateCorpus {
    /// A named sequence of messages.
    struct MessageSet {
        var name: String
        var messages: [[UInt8]]
        var byteCount: Int { messages.reduce(0) { $0 + $1.count } }
    }

    /// 200 common English words, most frequent first; drawn with a Zipf-like bias towards the front.
    private static let words = """
        the of and to a in is it you that he was for on are with as his they be at one have this from or had by \
        not word but what some we can out other were all there when up use your how said an each she which do \
        their time if will way about many then them write would like so these her long make thing see him two has \
        look more day could go come did number sound no most people my over know water than call first who may \
        down side been now find any new work part take get place made live where after back little only round man \
        year came show every good me give our under name very through just form sentence great think say help low \
        line differ turn cause much mean before move right boy old too same tell does set three want air well also \
        play small end put home read hand port large spell add even land here must big high such follow act why \
        ask men change went light kind off need house picture try us again animal point mother world near build \
        self earth father head stand own page should country found answer school grow study still learn plant
        """.split(separator: " ").map(String.init)

    private static let names = ["ada", "grace", "linus", "ken", "barbara", "dennis", "margaret", "alan", "edsger", "donald"]
    private static let kinds = ["update", "tick", "chat", "presence", "order", "quote"]

    private var generator: Xorshift64Star

    /// A corpus drawn from `seed`.
    init(seed: UInt64 = 7692) {
        generator = Xorshift64Star(seed: seed)
    }

    /// A word, biased towards the frequent ones (log-uniform over the ranks, roughly Zipf's law).
    private mutating func word() -> String {
        let u = Double(generator.below(1 << 30)) / Double(1 << 30)
        let rank = Int(pow(Double(Self.words.count), u)) - 1
        return Self.words[min(max(rank, 0), Self.words.count - 1)]
    }

    /// A sentence of 5–20 words: capitalised, an occasional comma, a full stop or question mark.
    private mutating func sentence() -> String {
        let count = generator.int(in: 5...20)
        var text = ""
        for index in 0..<count {
            var next = word()
            if index == 0 { next = next.prefix(1).uppercased() + next.dropFirst() } else { text += " " }
            text += next
            if index > 1 && index < count - 2 && generator.oneIn(8) { text += "," }
        }
        return text + (generator.oneIn(10) ? "?" : ".")
    }

    /// About `length` bytes of sentences.
    mutating func prose(_ length: Int) -> String {
        var text = sentence()
        while text.utf8.count < length { text += " " + sentence() }
        return text
    }

    /// One JSON event message of roughly 150–900 bytes.
    private mutating func jsonMessage(_ id: Int) -> [UInt8] {
        let kind = generator.element(of: Self.kinds)
        let name = generator.element(of: Self.names)
        var items: [String] = []
        for _ in 0..<generator.int(in: 1...6) {
            let price = Double(generator.int(in: 100...50_000)) / 100
            items.append(
                "{\"sku\":\"SKU-\(String(format: "%05d", generator.int(in: 0...999)))\",\"qty\":\(generator.int(in: 1...9)),\"price\":\(price)}")
        }
        let timestamp = 1_700_000_000_000 + id * 137 + generator.int(in: 0...99)
        let text = prose(generator.int(in: 20...300))
        let json = """
            {"type":"\(kind)","id":\(id),"ts":\(timestamp),"user":{"name":"\(name)","id":\(generator.int(in: 1...99_999)),\
            "score":\(generator.int(in: 0...99_999)),"online":\(generator.bool())},"items":[\(items.joined(separator: ","))],\
            "text":"\(text)"}
            """
        return Array(json.utf8)
    }

    /// `count` JSON messages.
    mutating func json(count: Int) -> MessageSet {
        MessageSet(name: "json", messages: (0..<count).map { jsonMessage($0) })
    }

    /// `count` messages of English-like prose, 1–8 KB each.
    mutating func english(count: Int) -> MessageSet {
        MessageSet(name: "english", messages: (0..<count).map { _ in Array(prose(generator.int(in: 1_000...8_000)).utf8) })
    }
}
