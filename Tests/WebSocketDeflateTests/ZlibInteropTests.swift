import Foundation
import PackageTestSupport
import Testing
import WebSocketDeflate

@Suite struct ZlibInteropTests {
    /// Streams our deflater writes for `zlib_check.py`: every level and window, with and without takeover, and
    /// with takeover across idle releases (`Deflater.releaseIdleMemory()`).
    static func streams() -> [[String: Any]] {
        var cases: [[String: Any]] = []
        for level in DeflateLevel.all {
            for windowBits in Deflater.supportedWindowBits {
                for takeover in [true, false] {
                    let messages = TestCorpus.messages(seed: UInt64(level.value * 31 + windowBits))
                    let compressed = Deflate.messages(messages, level: level, windowBits: windowBits, contextTakeover: takeover)
                    cases.append([
                        "name": "level \(level.value), window \(windowBits), takeover \(takeover)",
                        "windowBits": windowBits, "contextTakeover": takeover,
                        "messages": zip(compressed, messages).map { ["compressed": $0.hex, "plain": $1.hex] },
                    ])
                }
            }
        }
        // Context takeover across idle releases of the deflater's memory at random points between messages.
        for level in [DeflateLevel.fastest, .default, .best] {
            for windowBits in Deflater.supportedWindowBits {
                let seed = UInt64(level.value * 131 + windowBits)
                let messages = TestCorpus.longSequence(seed: seed)
                let releases = TestCorpus.releasePoints(count: messages.count, seed: seed)
                let compressed = Deflate.messages(messages, level: level, windowBits: windowBits, releasingBefore: releases)
                cases.append([
                    "name": "level \(level.value), window \(windowBits), takeover true, idle releases \(releases.sorted())",
                    "windowBits": windowBits, "contextTakeover": true,
                    "messages": zip(compressed, messages).map { ["compressed": $0.hex, "plain": $1.hex] },
                ])
            }
        }
        return cases
    }

    @Test("RFC7692-7.2.1-SYNC-FLUSH-TAIL: our streams for zlib_check.py decode with our inflater (written to $DEFLATE_ZLIB_CHECK_OUTPUT when set)")
    func writeStreamsForZlib() async throws {
        try await offCooperativePool { () throws in
            let cases = Self.streams()
            for entry in cases {
                let windowBits = entry["windowBits"] as! Int
                let takeover = entry["contextTakeover"] as! Bool
                let messages = entry["messages"] as! [[String: String]]
                let payloads = messages.map { [UInt8](hex: $0["compressed"]!) }
                #expect(try Inflate.messages(payloads, windowBits: windowBits, contextTakeover: takeover) == messages.map { [UInt8](hex: $0["plain"]!) })
            }
            if let path = ProcessInfo.processInfo.environment["DEFLATE_ZLIB_CHECK_OUTPUT"] {
                let data = try JSONSerialization.data(withJSONObject: ["cases": cases], options: [.prettyPrinted, .sortedKeys])
                try data.write(to: URL(fileURLWithPath: path))
            }
        }
    }
}
