import Foundation
import WebSocketCore
import WebSocketIO

extension CoreBenchmarks {
    /// `WS-LIMIT-LINEAR-REASSEMBLY` measured: a 4 MiB message received as 32,768 masked fragments of 128 bytes
    /// against the same message as one frame, both fed in 64 KiB reads. The target is at most 3x. The allocator
    /// keeps freed memory as `ws serve` has it (`--keep-freed-memory`), so neither case measures the kernel's page
    /// faults on fresh memory.
    mutating func reassembly() {
        _ = AllocatorTuning.retainFreedMemory(upTo: 128 << 20)
        let messageSize = 4 << 20
        let fragmentSize = 128
        print("reassembly: a \(messageSize >> 20) MiB binary message from a client, fed in 64 KiB reads")
        let payload = generator.bytes(count: messageSize)
        let key = MaskingKey(0x12, 0x34, 0x56, 0x78)
        var oneFrame = OutboundBytes()
        oneFrame.appendFrame(
            FrameHeader(opcode: .binary, maskingKey: key, payloadLength: UInt64(messageSize)), payload: payload)
        var fragmented = OutboundBytes()
        var start = 0
        while start < messageSize {
            let end = min(start + fragmentSize, messageSize)
            let header = FrameHeader(
                fin: end == messageSize, opcode: start == 0 ? .binary : .continuation, maskingKey: key,
                payloadLength: UInt64(end - start))
            payload.withUnsafeBytes { fragmented.appendFrame(header, payload: UnsafeRawBufferPointer(rebasing: $0[start..<end])) }
            start = end
        }
        let whole = oneFrame.takeChunks().flatMap { $0 }
        let pieces = fragmented.takeChunks().flatMap { $0 }
        var configuration = ConnectionConfiguration()
        configuration.limits.maximumFragmentsPerMessage = messageSize / fragmentSize
        var local: UInt64 = 0
        func receive(_ wire: [UInt8]) -> Double {
            wire.withUnsafeBytes { all in
                best {
                    var connection = CoreBenchmarks.serverConnection(configuration)
                    var events: [ConnectionEvent] = []
                    var offset = 0
                    while offset < all.count {
                        let end = min(offset + (64 << 10), all.count)
                        let result = connection.receive(UnsafeRawBufferPointer(rebasing: all[offset..<end]), into: &events)
                        offset = end
                        switch consume result {
                        case .open(let next): connection = next
                        case .closed: return
                        }
                    }
                    for case .message(let message) in events { local &+= UInt64(message.bytes.count) }
                }
            }
        }
        let oneFrameTime = receive(whole)
        let fragmentedTime = receive(pieces)
        report("one frame", oneFrameTime * 1e3, "ms")
        report("\(messageSize / fragmentSize) x \(fragmentSize) B fragments", fragmentedTime * 1e3, "ms",
               String(format: "%.2fx one frame (target <= 3x)", fragmentedTime / oneFrameTime))
        sink &+= local
    }
}
