import Testing
import WebSocketCore

@Suite struct OpcodeTests {
    @Test("RFC6455-5.2-OPCODE-TOTAL: all 16 four-bit values map to a case and round-trip")
    func totalRoundTrip() {
        #expect(Opcode.allCases.count == 16)
        for value in UInt8(0)...15 {
            let opcode = Opcode(rawValue: value)
            #expect(opcode != nil)
            #expect(opcode?.rawValue == value)
            #expect(Opcode(lowBitsOf: value | 0xF0) == opcode)
        }
        #expect(Opcode(rawValue: 16) == nil)
    }

    @Test("RFC6455-5.2-OPCODE-CONTROL: 0x8-0xF are control, 0x0-0x7 are not; reserved ones are flagged")
    func controlAndReserved() {
        for opcode in Opcode.allCases {
            #expect(opcode.isControl == (opcode.rawValue >= 8))
            let defined: Set<UInt8> = [0, 1, 2, 8, 9, 10]
            #expect(opcode.isReserved == !defined.contains(opcode.rawValue))
        }
        #expect(Opcode.text.isDataStart && Opcode.binary.isDataStart && !Opcode.continuation.isDataStart)
    }
}
