import Testing
import WebSocketCore

/// The definition of masking, one byte at a time: byte i is XORed with key byte (phase + i) mod 4.
private func referenceMask(_ data: [UInt8], _ key: [UInt8], phase: Int = 0) -> [UInt8] {
    data.enumerated().map { i, b in b ^ key[(phase + i) % 4] }
}

@Suite("Masking (RFC 6455 §5.3)")
struct MaskingTests {
    @Test("RFC6455-5.3-MASK-XOR: the masked \"Hello\" of RFC 6455 §5.7")
    func rfcHelloExample() {
        let key = MaskingKey(0x37, 0xFA, 0x21, 0x3D)
        var payload = Array("Hello".utf8)
        let phase = key.apply(to: &payload)
        #expect(payload == [0x7F, 0x9F, 0x4D, 0x51, 0x58])
        #expect(phase == 1)
        key.apply(to: &payload)
        #expect(payload == Array("Hello".utf8))
    }

    @Test("RFC6455-5.3-MASK-XOR: every length 0...300 at every alignment 0...15 and phase matches the definition")
    func alignmentsAndLengths() {
        var g = Xorshift64Star(seed: 1)
        let key = MaskingKey.random(using: &g)
        let storage = g.bytes(count: 300 + 16)
        for offset in 0..<16 {
            for length in 0...300 {
                let phase = length % 4
                var buffer = storage
                let returned = buffer.withUnsafeMutableBytes { raw in
                    key.apply(to: UnsafeMutableRawBufferPointer(rebasing: raw[offset..<offset + length]), phase: phase)
                }
                #expect(returned == (phase + length) % 4)
                let expected = Array(storage[..<offset])
                    + referenceMask(Array(storage[offset..<offset + length]), key.bytes, phase: phase)
                    + Array(storage[(offset + length)...])
                #expect(buffer == expected, "offset \(offset) length \(length)")  // nothing outside touched
            }
        }
    }

    @Test("RFC6455-5.3-MASK-INVOLUTION: masking twice with the same key and phase restores the data")
    func involution() {
        var g = Xorshift64Star(seed: 2)
        for length in [0, 1, 3, 7, 8, 15, 16, 63, 64, 65, 127, 1000, 4099] {
            let key = MaskingKey.random(using: &g)
            let original = g.bytes(count: length)
            for phase in 0...3 {
                var data = original
                key.apply(to: &data, phase: phase)
                if length >= 8 { #expect(data != original || key == MaskingKey(0, 0, 0, 0)) }
                key.apply(to: &data, phase: phase)
                #expect(data == original)
            }
        }
    }

    @Test("RFC6455-5.3-MASK-ANY-OFFSET: masking in chunks, resuming at the returned phase, equals masking whole")
    func chunkedEqualsWhole() {
        var g = Xorshift64Star(seed: 3)
        for length in [0, 1, 5, 17, 64, 100, 257] {
            let key = MaskingKey.random(using: &g)
            let data = g.bytes(count: length)
            for phase in 0...3 {
                var whole = data
                let wholePhase = key.apply(to: &whole, phase: phase)
                for split in 0...length {
                    var chunked = data
                    let end = chunked.withUnsafeMutableBytes { raw in
                        let mid = key.apply(to: UnsafeMutableRawBufferPointer(rebasing: raw[..<split]), phase: phase)
                        return key.apply(to: UnsafeMutableRawBufferPointer(rebasing: raw[split...]), phase: mid)
                    }
                    #expect(chunked == whole, "length \(length) phase \(phase) split \(split)")
                    #expect(end == wholePhase)
                }
            }
        }
    }

    @Test("RFC6455-5.3-MASK-ANY-OFFSET: masking in many random chunks equals masking whole")
    func manyChunks() {
        var g = Xorshift64Star(seed: 4)
        for _ in 0..<200 {
            let key = MaskingKey.random(using: &g)
            let length = g.int(in: 0...600)
            let data = g.bytes(count: length)
            var whole = data
            key.apply(to: &whole)
            var chunked = data
            chunked.withUnsafeMutableBytes { raw in
                var start = 0, phase = 0
                while start < raw.count {
                    let end = min(raw.count, start + Int.random(in: 1...70, using: &g))
                    phase = key.apply(to: UnsafeMutableRawBufferPointer(rebasing: raw[start..<end]), phase: phase)
                    start = end
                }
            }
            #expect(chunked == whole)
        }
    }

    @Test("WS-MASK-COPY: copy-and-unmask equals unmasking in place, at every alignment and phase")
    func copyEqualsInPlace() {
        var g = Xorshift64Star(seed: 5)
        let key = MaskingKey.random(using: &g)
        let source = g.bytes(count: 300 + 16)
        for length in [0, 1, 7, 8, 9, 31, 64, 65, 130, 300] {
            for offset in 0..<16 where offset + length <= source.count {
                for phase in 0...3 {
                    var inPlace = Array(source[offset..<offset + length])
                    let p1 = key.apply(to: &inPlace, phase: phase)
                    var copied = [UInt8](repeating: 0xEE, count: length + 16)
                    let p2 = source.withUnsafeBytes { src in
                        copied.withUnsafeMutableBytes { dst in
                            key.apply(from: UnsafeRawBufferPointer(rebasing: src[offset..<offset + length]),
                                      to: UnsafeMutableRawBufferPointer(rebasing: dst[(16 - offset)..<(16 - offset + length)]),
                                      phase: phase)
                        }
                    }
                    #expect(Array(copied[(16 - offset)..<(16 - offset + length)]) == inPlace)
                    #expect(copied[..<(16 - offset)].allSatisfy { $0 == 0xEE })
                    #expect(copied[(16 - offset + length)...].allSatisfy { $0 == 0xEE })
                    #expect(p1 == p2)
                }
            }
        }
    }

    @Test("WS-MASK-KEY-BYTES: a key is exactly four bytes in wire order")
    func keyBytes() {
        let key = MaskingKey(1, 2, 3, 4)
        #expect(key.bytes == [1, 2, 3, 4])
        #expect(MaskingKey(bytes: [1, 2, 3, 4]) == key)
        #expect(MaskingKey(bytes: [9, 1, 2, 3, 4, 9][1..<5]) == key)
        #expect(MaskingKey(bytes: [1, 2, 3]) == nil)
        #expect(MaskingKey(bytes: [1, 2, 3, 4, 5]) == nil)
        #expect(MaskingKey(bytes: [UInt8]()) == nil)
        #expect((key.b0, key.b1, key.b2, key.b3) == (1, 2, 3, 4))
        #expect((0..<8).map { key[$0] } == [1, 2, 3, 4, 1, 2, 3, 4])
    }

    @Test("RFC6455-5.3-MASK-KEY-RANDOM: keys come from a generator; the system one gives fresh keys")
    func randomKeys() {
        var a = Xorshift64Star(seed: 42), b = Xorshift64Star(seed: 42)
        #expect(MaskingKey.random(using: &a) == MaskingKey.random(using: &b))
        #expect(MaskingKey.random(using: &a) != MaskingKey.random(using: &a))
        // 32 keys from the CSPRNG: a collision would mean a broken source (probability ~2^-23).
        let keys = Set((0..<32).map { _ in MaskingKey.random() })
        #expect(keys.count == 32)
    }
}
