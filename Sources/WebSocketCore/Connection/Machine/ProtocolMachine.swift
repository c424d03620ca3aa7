/// The mutable protocol state behind a typed `Connection`: decoding, message assembly, control frames, the close
/// handshake and outbound encoding. Internal: applications reach it only through `Connection<State>`, whose type
/// says which operations are legal.
final class ProtocolMachine {
    enum Phase { case open, closing, closed }

    let role: Role
    let configuration: ConnectionConfiguration
    private(set) var extensions: [any WebSocketExtension]
    @exclusivity(unchecked) var decoder: FrameDecoder
    @exclusivity(unchecked) var outbound = OutboundBytes()
    @exclusivity(unchecked) var keySource: any MaskingKeySource
    @exclusivity(unchecked) var phase: Phase = .open
    /// Bytes that arrived with the handshake head and wait to be processed as frames.
    @exclusivity(unchecked) var pendingInput: [UInt8] = []
    /// The negotiated subprotocol, if any.
    var subprotocol: String?
    /// What only a close, a failure, streamed delivery or a fragmented send needs (`ProtocolMachineCold`), made
    /// the first time one of them happens: nil for an open connection that only exchanges whole messages, which
    /// then carries a pointer instead of the fields (idle memory). Reached through `ProtocolMachine+Cold.swift`.
    @exclusivity(unchecked) var cold: ProtocolMachineCold?
    /// Server, while `Pending`: the request to answer and the extension factories to negotiate with. Boxed: only a
    /// pending connection has one, so an open connection does not carry its ~130 bytes inline (idle memory).
    var pendingUpgrade: (request: UpgradeRequest, factories: [any WebSocketExtensionFactory])? {
        get { pendingUpgradeBox.map { ($0.request, $0.factories) } }
        set { pendingUpgradeBox = newValue.map { PendingUpgrade(request: $0.request, factories: $0.factories) } }
    }
    private var pendingUpgradeBox: PendingUpgrade?

    /// The request and factories of a pending upgrade, out of line.
    private final class PendingUpgrade {
        let request: UpgradeRequest
        let factories: [any WebSocketExtensionFactory]
        init(request: UpgradeRequest, factories: [any WebSocketExtensionFactory]) {
            self.request = request
            self.factories = factories
        }
    }

    // Receiving.
    @exclusivity(unchecked) private var header = FrameHeader(opcode: .continuation, payloadLength: 0)
    @exclusivity(unchecked) private var controlPayload: [UInt8] = []
    @exclusivity(unchecked) private var messageKind: Message.Kind?
    @exclusivity(unchecked) private var messageBuffer: [UInt8] = []
    @exclusivity(unchecked) private var fragments = 0
    @exclusivity(unchecked) private var utf8 = UTF8Validator()
    @exclusivity(unchecked) private var validatedCount = 0
    @exclusivity(unchecked) private var decodingExtension: (any WebSocketExtension)?
    @exclusivity(unchecked) private var alreadyCopied: UInt64 = 0
    /// The bytes of `messageBuffer` filled so far (unmasked payload), for a message no extension decodes:
    /// `messageBuffer.count` is its storage (filled prefix, unwritten rest), which grows with the bytes that arrive
    /// (`MessageBufferGrowth`) and is cut to `messageFill` when the message is delivered.
    @exclusivity(unchecked) private var messageFill = 0
    /// True while a large single-frame message arrives over several inputs: its payload may be read straight into
    /// `messageBuffer` (`receiveDirect`), and its storage grows towards the declared length.
    @exclusivity(unchecked) private var receivingLargeFrame = false
    /// The compressed (wire) payload bytes of the message an extension is decoding, counted against the message
    /// limit as well, so a payload that inflates to little cannot be streamed without end.
    @exclusivity(unchecked) private var extensionWireBytes: UInt64 = 0
    @exclusivity(unchecked) private var scratch: [UInt8] = []

    // Sending.
    @exclusivity(unchecked) private var sendingFragmented: Message.Kind?

    /// What the connection carried since the counts were last taken (`Connection.traffic`).
    @exclusivity(unchecked) var traffic = ConnectionTraffic()

    /// The counts so far, reset to zero (a reporter adds them to its totals and keeps no copy of its own).
    func takeTraffic() -> ConnectionTraffic {
        defer { traffic = ConnectionTraffic() }
        return traffic
    }

    init(
        role: Role, configuration: ConnectionConfiguration, extensions: [any WebSocketExtension],
        keySource: any MaskingKeySource
    ) {
        self.role = role
        self.configuration = configuration
        self.extensions = extensions
        self.keySource = keySource
        let claimed = extensions.reduce(into: ReservedBits()) { $0.formUnion($1.reservedBits) }
        self.decoder = FrameDecoder(role: role, limits: configuration.limits, allowedReservedBits: claimed)
        if case .streamed(let size) = configuration.messageDelivery { chunker = MessageChunker(chunkSize: size) }
    }

    private var limits: Limits { configuration.limits }

    /// Installs the negotiated extensions (before any frame is exchanged) and lets the decoder accept their bits.
    func install(extensions negotiated: [any WebSocketExtension]) {
        extensions = negotiated
        decoder.allowedReservedBits = negotiated.reduce(into: ReservedBits()) { $0.formUnion($1.reservedBits) }
    }

    // MARK: Receiving

    /// A close or a failure met in a call that had already produced events: applied at the start of the next call,
    /// so the application sees (and can answer) the messages that came before it while the connection is still
    /// open. Input after it is never processed.
    enum Terminal {
        case close(ClosePayload)
        case failure(ProtocolViolation)
    }
    /// The number of events produced so far by the current `receive` call.
    @exclusivity(unchecked) private var eventsThisCall = 0

    /// Processes a deferred close or failure, the bytes left over from the handshake, then `bytes`.
    func receive(_ bytes: UnsafeRawBufferPointer, into events: inout [ConnectionEvent]) {
        let start = events.count
        defer { eventsThisCall = 0 }
        if let terminal = deferredTerminal {
            deferredTerminal = nil
            switch terminal {
            case .close(let payload): closeArrived(payload, into: &events)
            case .failure(let violation): fail(violation, into: &events)
            }
            return
        }
        if !pendingInput.isEmpty {
            let leftover = pendingInput
            pendingInput = []
            leftover.withUnsafeBytes { process($0, into: &events, start: start) }
        }
        process(bytes, into: &events, start: start)
    }

    private func process(
        _ bytes: UnsafeRawBufferPointer, into events: inout [ConnectionEvent], start: Int, allowEmpty: Bool = false
    ) {
        guard phase != .closed, deferredTerminal == nil, allowEmpty || !bytes.isEmpty else { return }
        var input = bytes
        do throws(ProtocolViolation) {
            while phase != .closed, deferredTerminal == nil, let output = try decoder.next(from: &input) {
                eventsThisCall = events.count - start
                switch output {
                case .frameStart(let frameHeader):
                    try startFrame(frameHeader, following: input)
                    // A frame whose payload is all here: handled now, without two more decoder steps.
                    if let payload = decoder.takeWholePayload(from: &input) {
                        if !payload.isEmpty { try receivePayload(payload, offset: 0, into: &events) }
                        try endFrame(into: &events)
                    }
                case .payload(let slice, let offset):
                    try receivePayload(slice, offset: offset, into: &events)
                case .frameEnd:
                    try endFrame(into: &events)
                }
            }
            // Streaming: what this input carried of the message in progress goes out as one chunk.
            if chunker != nil && messageKind != nil && phase != .closed && deferredTerminal == nil {
                chunker!.flush(into: &events)
            }
        } catch {
            if chunker != nil { chunker!.discard() }
            if phase == .open && events.count > start {
                deferredTerminal = .failure(error)
            } else {
                fail(error, into: &events)
            }
        }
    }

    // MARK: Receiving straight into message storage

    /// How many bytes `receiveDirect` can take now: the rest of the payload of a large single-frame message whose
    /// storage was allocated at full size when its header arrived; 0 when input must go through `receive`.
    var directReceiveCapacity: Int {
        guard receivingLargeFrame, phase != .closed, deferredTerminal == nil, pendingInput.isEmpty else { return 0 }
        return directStorageCount(fill: messageFill) - messageFill
    }

    /// The storage size a direct read writes into: the current storage while it has a useful amount of room left
    /// (all that remains of the payload, or at least `MessageBufferGrowth.initialCapacity`), else the grown size.
    private func directStorageCount(fill: Int) -> Int {
        let remaining = Int(decoder.remainingPayload)
        let room = messageBuffer.count - fill
        if room >= remaining || room >= MessageBufferGrowth.initialCapacity { return fill + min(room, remaining) }
        return MessageBufferGrowth.grownCount(current: messageBuffer.count, needed: fill + 1, declaredTotal: fill + remaining)
    }

    /// Makes room in `messageBuffer` for `count` more bytes after `messageFill`, growing it as
    /// `MessageBufferGrowth` says: towards the declared length for a large single frame, geometrically otherwise.
    private func reserveMessageRoom(_ count: Int) {
        let needed = messageFill + count
        guard needed > messageBuffer.count else { return }
        let grown = receivingLargeFrame
            ? MessageBufferGrowth.grownCount(
                current: messageBuffer.count, needed: needed, declaredTotal: needed + Int(decoder.remainingPayload))
            : MessageBufferGrowth.grownCountForFragments(
                current: messageBuffer.count, needed: needed, limit: limits.maximumMessageSize)
        growMessageStorage(to: grown, keeping: messageFill)
    }

    /// Grows `messageBuffer` to `count` bytes of storage, keeping its first `fill` bytes.
    private func growMessageStorage(to count: Int, keeping fill: Int) {
        guard count > messageBuffer.count else { return }
        guard fill > 0 else {
            messageBuffer = [UInt8](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
            return
        }
        let old = messageBuffer
        messageBuffer = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            old.withUnsafeBufferPointer { source in
                _ = UnsafeMutableBufferPointer(rebasing: buffer[0..<fill]).initialize(fromContentsOf: source[0..<fill])
            }
            initialized = count  // Only the filled prefix is ever read; the rest is written before it is.
        }
    }

    /// Lets `read` write the peer's next bytes straight into the message storage (a destination of
    /// `directReceiveCapacity` bytes), then treats them as `receive` treats payload bytes: unmasked in place,
    /// UTF-8 checked for text, and the message delivered when its frame is complete. `read` returns how many bytes
    /// it wrote; zero or a negative value (end of stream, an error) leaves everything as it was.
    func receiveDirect(into events: inout [ConnectionEvent], _ read: (UnsafeMutableRawBufferPointer) -> Int) {
        let capacity = directReceiveCapacity
        precondition(capacity > 0, "receiveDirect without direct receive capacity")
        let fill = messageFill
        growMessageStorage(to: fill + capacity, keeping: fill)
        let keyPhase = Int(decoder.currentPayloadOffset & 3)
        let key = header.maskingKey
        let isText = messageKind == .text
        var valid = true
        let count = messageBuffer.withUnsafeMutableBytes { whole in
            let destination = UnsafeMutableRawBufferPointer(rebasing: whole[fill..<fill + capacity])
            let count = read(destination)
            guard count > 0 else { return count }
            precondition(count <= capacity, "receiveDirect: read reported more bytes than its destination holds")
            let filled = UnsafeMutableRawBufferPointer(rebasing: destination[0..<count])
            if let key { _ = key.apply(to: filled, phase: keyPhase) }
            if isText { valid = utf8.consume(UnsafeRawBufferPointer(filled)) }
            return count
        }
        guard count > 0 else { return }
        decoder.skipPayload(count)
        messageFill = fill + count
        guard valid else {
            fail(.invalidUTF8, into: &events)
            return
        }
        if decoder.remainingPayload == 0 {
            defer { eventsThisCall = 0 }
            process(UnsafeRawBufferPointer(start: nil, count: 0), into: &events, start: events.count, allowEmpty: true)
        }
    }

    private func startFrame(_ frameHeader: FrameHeader, following input: UnsafeRawBufferPointer) throws(ProtocolViolation) {
        header = frameHeader
        let opcode = frameHeader.opcode
        if opcode.isControl {
            if !frameHeader.reservedBits.isEmpty { throw .reservedBitsNotNegotiated(frameHeader.reservedBits) }
            controlPayload = []
            return
        }
        if opcode == .continuation {
            guard messageKind != nil else { throw .unexpectedContinuation }
            if !frameHeader.reservedBits.isEmpty { throw .reservedBitsNotNegotiated(frameHeader.reservedBits) }
            fragments += 1
            if fragments > limits.maximumFragmentsPerMessage {
                throw .tooManyFragments(limit: limits.maximumFragmentsPerMessage)
            }
        } else {
            if messageKind != nil { throw .expectedContinuation }
            messageKind = opcode == .text ? .text : .binary
            if chunker != nil { chunker!.begin(opcode == .text ? .text : .binary) }
            fragments = 1
            decodingExtension = nil
            for candidate in extensions where try candidate.beginDecoding(firstFrameReservedBits: frameHeader.reservedBits) {
                if !candidate.reservedBits.isSuperset(of: frameHeader.reservedBits) {
                    throw .reservedBitsNotNegotiated(frameHeader.reservedBits.subtracting(candidate.reservedBits))
                }
                decodingExtension = candidate
                break
            }
            if decodingExtension == nil && !frameHeader.reservedBits.isEmpty {
                throw .reservedBitsNotNegotiated(frameHeader.reservedBits)
            }
        }
        let length = frameHeader.payloadLength
        guard decodingExtension == nil else {
            // The compressed bytes count too: the decoded size alone would let a payload that inflates to almost
            // nothing stream on for as long as the fragment limit allows.
            if opcode != .continuation { extensionWireBytes = 0 }
            extensionWireBytes += length
            if extensionWireBytes > UInt64(limits.maximumMessageSize) {
                throw .messageTooLarge(limit: limits.maximumMessageSize)
            }
            return
        }
        if let chunker {
            if UInt64(chunker.total) + length > UInt64(limits.maximumMessageSize) {
                throw .messageTooLarge(limit: limits.maximumMessageSize)
            }
            return
        }
        if UInt64(messageFill) + length > UInt64(limits.maximumMessageSize) {
            throw .messageTooLarge(limit: limits.maximumMessageSize)
        }
        let count = Int(length)
        if messageFill == 0 && frameHeader.fin && input.count >= count && count > 0 {
            // The whole single-frame message is in this input: copy (and unmask) it once, straight into the
            // message's own storage.
            let key = frameHeader.maskingKey
            let source = UnsafeRawBufferPointer(rebasing: input[0..<count])
            if count < OutboundBytes.separateChunkThreshold {
                // A small message: `reserveCapacity` and `append` are specialized for bytes, while
                // `init(unsafeUninitializedCapacity:)` allocates through an unspecialized runtime entry point that
                // looks up the storage class on every call (about 500 instructions, more than the rest of a small
                // message's receive); unmasking in place after the copy costs nothing at this size.
                var storage = [UInt8]()
                storage.reserveCapacity(count)
                storage.append(contentsOf: source)
                if let key { storage.withUnsafeMutableBytes { _ = key.apply(to: $0) } }
                messageBuffer = storage
            } else {
                messageBuffer = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
                    let destination = UnsafeMutableRawBufferPointer(buffer)
                    if let key {
                        key.apply(from: source, to: destination)
                    } else {
                        destination.copyMemory(from: source)
                    }
                    initialized = count
                }
            }
            alreadyCopied = length
            messageFill = count
            if messageKind == .text {
                guard messageBuffer.withUnsafeBytes({ utf8.consume($0) }) else { throw .invalidUTF8 }
            }
        } else if messageFill == 0 && frameHeader.fin && count >= OutboundBytes.separateChunkThreshold {
            // Storage for what arrives first, not for what the header declares; it grows as the payload comes.
            // Every byte is written by `receivePayload` before anything reads it (only the filled prefix is read).
            growMessageStorage(to: MessageBufferGrowth.firstCount(declaredTotal: count), keeping: 0)
            receivingLargeFrame = true
        }
        // Otherwise storage grows geometrically as payload arrives (`reserveMessageRoom`), so a message in k
        // fragments costs O(N + k), never a reallocation per fragment.
    }

    private func receivePayload(
        _ slice: UnsafeRawBufferPointer, offset: UInt64, into events: inout [ConnectionEvent]
    ) throws(ProtocolViolation) {
        let phase = Int(offset & 3)
        if header.opcode.isControl {
            appendUnmasked(slice, phase: phase, to: &controlPayload)
            return
        }
        if chunker != nil {
            try streamPayload(slice, phase: phase, into: &events)
            return
        }
        if alreadyCopied > 0 {
            alreadyCopied -= UInt64(slice.count)
            return
        }
        if let ext = decodingExtension {
            scratch.removeAll(keepingCapacity: true)
            appendUnmasked(slice, phase: phase, to: &scratch)
            let limit = limits.maximumMessageSize
            var output = messageBuffer
            messageBuffer = []
            let decoded = scratch.withUnsafeBytes { raw in
                Result { () throws(ProtocolViolation) in try ext.decode(raw, isFinal: false, into: &output, limit: limit) }
            }
            messageBuffer = output
            // Text decoded before an extension's error is checked first, so that the violation reported is the
            // first in the decoded stream whatever the chunking of the input.
            try validateNewText()
            try decoded.get()
            return
        }
        // Copy and unmask in one pass, straight into the message's storage.
        reserveMessageRoom(slice.count)
        let fill = messageFill
        let key = header.maskingKey
        let isText = messageKind == .text
        let valid = messageBuffer.withUnsafeMutableBytes { whole in
            let destination = UnsafeMutableRawBufferPointer(rebasing: whole[fill..<fill + slice.count])
            if let key {
                _ = key.apply(from: slice, to: destination, phase: phase)
            } else {
                destination.copyMemory(from: slice)
            }
            return !isText || utf8.consume(UnsafeRawBufferPointer(destination))
        }
        messageFill = fill + slice.count
        guard valid else { throw .invalidUTF8 }
    }

    private func appendUnmasked(_ slice: UnsafeRawBufferPointer, phase: Int, to buffer: inout [UInt8]) {
        let start = buffer.count
        buffer.append(contentsOf: slice)
        if let key = header.maskingKey {
            buffer.withUnsafeMutableBytes { _ = key.apply(to: UnsafeMutableRawBufferPointer(rebasing: $0[start...]), phase: phase) }
        }
    }

    /// Validates the text that an extension appended since the last check.
    private func validateNewText() throws(ProtocolViolation) {
        guard messageKind == .text, validatedCount < messageBuffer.count else { return }
        let start = validatedCount
        let valid = messageBuffer.withUnsafeBytes { utf8.consume(UnsafeRawBufferPointer(rebasing: $0[start...])) }
        validatedCount = messageBuffer.count
        guard valid else { throw .invalidUTF8 }
    }

    private func endFrame(into events: inout [ConnectionEvent]) throws(ProtocolViolation) {
        if header.opcode.isControl {
            try endControlFrame(into: &events)
            return
        }
        guard header.fin, let kind = messageKind else { return }
        if chunker != nil {
            try finishStreamedMessage(kind, into: &events)
            return
        }
        if let ext = decodingExtension {
            let limit = limits.maximumMessageSize
            let decoded = Result { () throws(ProtocolViolation) in
                try ext.decode(UnsafeRawBufferPointer(start: nil, count: 0), isFinal: true, into: &messageBuffer, limit: limit)
            }
            try validateNewText()
            try decoded.get()
        }
        if kind == .text && !utf8.finish() { throw .invalidUTF8 }
        if decodingExtension == nil && messageBuffer.count > messageFill {
            // The unwritten rest of the storage: dropped, or the message moved to storage of its own size when the
            // rest would hold more than the message itself.
            if MessageBufferGrowth.shouldTrim(count: messageBuffer.count, fill: messageFill) {
                messageBuffer = Array(messageBuffer[0..<messageFill])
            } else {
                messageBuffer.removeLast(messageBuffer.count - messageFill)
            }
        }
        traffic.received.count(kind, bytes: messageBuffer.count)
        if decodingExtension != nil {
            traffic.received.countTransformed(payload: messageBuffer.count, wire: Int(extensionWireBytes))
        }
        events.append(.message(Message(kind: kind, bytes: messageBuffer)))
        messageBuffer = []
        messageFill = 0
        receivingLargeFrame = false
        scratch = []
        messageKind = nil
        validatedCount = 0
        decodingExtension = nil
        utf8.reset()
    }

    // MARK: Streaming receive

    /// A slice of a streamed message's payload: unmasked into the chunk buffer (validated, full chunks emitted),
    /// or, for a message an extension decodes, unmasked and decoded in small pieces so that one step's output
    /// stays within a chunk however well the input compresses (deflate expands at most 1032 to 1).
    private func streamPayload(
        _ slice: UnsafeRawBufferPointer, phase: Int, into events: inout [ConnectionEvent]
    ) throws(ProtocolViolation) {
        guard let ext = decodingExtension else {
            try chunker!.appendPayload(slice, key: header.maskingKey, phase: phase, into: &events)
            return
        }
        scratch.removeAll(keepingCapacity: true)
        appendUnmasked(slice, phase: phase, to: &scratch)
        let step = max(64, chunker!.chunkSize / 1024)
        let input = scratch
        let failure: ProtocolViolation? = input.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let end = min(offset + step, raw.count)
                do throws(ProtocolViolation) {
                    try decodeStreamed(ext, UnsafeRawBufferPointer(rebasing: raw[offset..<end]), isFinal: false, into: &events)
                } catch {
                    return error
                }
                offset = end
            }
            return nil
        }
        if let failure { throw failure }
    }

    /// One extension decode step into the chunk buffer, under what the message limit leaves after the bytes
    /// already emitted; text it produced is validated before the extension's own error is reported.
    private func decodeStreamed(
        _ ext: any WebSocketExtension, _ input: UnsafeRawBufferPointer, isFinal: Bool,
        into events: inout [ConnectionEvent]
    ) throws(ProtocolViolation) {
        let from = chunker!.buffer.count
        let maximum = limits.maximumMessageSize
        let limit = maximum - chunker!.emitted
        var output = chunker!.buffer
        chunker!.buffer = []
        let decoded = Result { () throws(ProtocolViolation) in
            try ext.decode(input, isFinal: isFinal, into: &output, limit: limit)
        }
        chunker!.buffer = output
        try chunker!.decoded(after: from, into: &events)
        do throws(ProtocolViolation) {
            try decoded.get()
        } catch {
            if case .messageTooLarge = error { throw .messageTooLarge(limit: maximum) }
            throw error
        }
    }

    /// The last frame of a streamed message ended: the extension's final step, the final chunk, a clean slate.
    private func finishStreamedMessage(_ kind: Message.Kind, into events: inout [ConnectionEvent]) throws(ProtocolViolation) {
        if let ext = decodingExtension {
            try decodeStreamed(ext, UnsafeRawBufferPointer(start: nil, count: 0), isFinal: true, into: &events)
        }
        let total = chunker!.total
        try chunker!.finish(into: &events)
        traffic.received.count(kind, bytes: total)
        if decodingExtension != nil { traffic.received.countTransformed(payload: total, wire: Int(extensionWireBytes)) }
        scratch = []
        messageKind = nil
        decodingExtension = nil
    }

    private func endControlFrame(into events: inout [ConnectionEvent]) throws(ProtocolViolation) {
        let payload = controlPayload
        switch header.opcode {
        case .ping:
            traffic.received.pings &+= 1
            events.append(.ping(payload))
            if configuration.autoPong && phase == .open {
                traffic.sent.pongs &+= 1
                enqueueFrame(opcode: .pong, fin: true, reservedBits: [], payload: payload)
            }
        case .pong:
            traffic.received.pongs &+= 1
            events.append(.pong(payload))
        case .close:
            let received = try ClosePayload(parsing: payload)
            traffic.received.closes &+= 1
            if phase == .open && eventsThisCall > 0 {
                deferredTerminal = .close(received)
            } else {
                closeArrived(received, into: &events)
            }
        default:
            break  // Reserved control opcodes were refused by the decoder.
        }
    }

    /// The peer's close: report it, reply (echoing its code) unless we sent ours already, and end.
    private func closeArrived(_ received: ClosePayload, into events: inout [ConnectionEvent]) {
        closeReceived = received
        events.append(.closeReceived(code: received.code, reason: received.reason))
        if closeSent == nil {
            let reply: ClosePayload = received.code.map { (try? ClosePayload(code: $0)) ?? .normal } ?? .empty
            enqueueClose(reply)
        }
        phase = .closed
    }

    /// Fails the connection (RFC 6455 §7.1.7): queues a close frame for the violation and stops reading.
    func fail(_ violation: ProtocolViolation, into events: inout [ConnectionEvent]) {
        failure = violation
        events.append(.failed(violation))
        if closeSent == nil {
            enqueueClose(ClosePayload(failing: violation))
        }
        phase = .closed
    }

    // MARK: Sending

    func send(_ message: Message, maximumFrameSize: Int?) throws(UsageError) {
        guard sendingFragmented == nil else { throw .fragmentedMessageOpen }
        var payload = message.bytes
        var bits = ReservedBits()
        for ext in extensions {
            let encoded = ext.encode(payload, kind: message.kind)
            payload = encoded.payload
            bits.formUnion(encoded.reservedBits)
        }
        traffic.sent.count(message.kind, bytes: message.bytes.count)
        if !bits.isEmpty { traffic.sent.countTransformed(payload: message.bytes.count, wire: payload.count) }
        guard let size = maximumFrameSize, size > 0, payload.count > size else {
            enqueueFrame(opcode: message.kind.opcode, fin: true, reservedBits: bits, payload: payload)
            return
        }
        var start = 0
        while start < payload.count {
            let end = min(start + size, payload.count)
            let opcode: Opcode = start == 0 ? message.kind.opcode : .continuation
            let piece = Array(payload[start..<end])
            enqueueFrame(opcode: opcode, fin: end == payload.count, reservedBits: start == 0 ? bits : [], payload: piece)
            start = end
        }
    }

    var isSendingFragmented: Bool { sendingFragmented != nil }

    /// True from the first frame of an incoming data message until its last.
    var isReceivingMessage: Bool { messageKind != nil }

    /// A fragment of a message sent as a sequence of frames. The first extension that can stream
    /// (`WebSocketExtension.beginEncodingFragments`) transforms the whole message, its bits on the first frame only
    /// (RFC 7692 §6); without one, the fragments go out as they are.
    func sendFragment(_ bytes: [UInt8], kind: Message.Kind?, isFinal: Bool) throws(UsageError) {
        let opcode: Opcode
        let messageKind: Message.Kind
        var bits = ReservedBits()
        if let kind {
            guard sendingFragmented == nil else { throw .fragmentedMessageOpen }
            opcode = kind.opcode
            messageKind = kind
            sendingFragmented = isFinal ? nil : kind
            fragmentEncoder = nil
            for ext in extensions {
                guard let claimed = ext.beginEncodingFragments(kind: kind) else { continue }
                fragmentEncoder = ext
                bits = claimed
                break
            }
        } else {
            guard let open = sendingFragmented else { throw .noFragmentedMessageOpen }
            opcode = .continuation
            messageKind = open
            if isFinal { sendingFragmented = nil }
        }
        let payload = fragmentEncoder?.encodeFragment(bytes, isFinal: isFinal) ?? bytes
        traffic.sent.count(messageKind, bytes: bytes.count, completes: isFinal)
        if fragmentEncoder != nil {
            traffic.sent.countTransformed(payload: bytes.count, wire: payload.count, completes: isFinal)
        }
        if isFinal { fragmentEncoder = nil }
        enqueueFrame(opcode: opcode, fin: isFinal, reservedBits: bits, payload: payload)
    }

    func sendControl(_ opcode: Opcode, payload: [UInt8]) throws(UsageError) {
        guard payload.count <= 125 else { throw .controlPayloadTooLong(payload.count) }
        if opcode == .ping { traffic.sent.pings &+= 1 } else { traffic.sent.pongs &+= 1 }
        enqueueFrame(opcode: opcode, fin: true, reservedBits: [], payload: payload)
    }

    func enqueueClose(_ payload: ClosePayload) {
        closeSent = payload
        traffic.sent.closes &+= 1
        enqueueFrame(opcode: .close, fin: true, reservedBits: [], payload: payload.bytes)
    }

    func enqueueFrame(opcode: Opcode, fin: Bool, reservedBits: ReservedBits, payload: [UInt8]) {
        let key: MaskingKey? = role == .client ? keySource.nextKey() : nil
        let frameHeader = FrameHeader(
            fin: fin, reservedBits: reservedBits, opcode: opcode, maskingKey: key, payloadLength: UInt64(payload.count))
        outbound.appendFrame(frameHeader, payload: payload)
    }
}
