extension WebSocketSession {
    /// Sends a whole message (transformed by the negotiated extensions).
    public func send(_ message: Message) throws(SessionSendError) {
        guard let machine = openMachine else { throw .notOpen }
        do { try machine.send(message, maximumFrameSize: nil) } catch { throw .usage(error) }
        messageActivity &+= 1
    }

    /// Sends a message encoded once for many connections (a broadcast): its bytes are written as they are. Never
    /// inside a fragmented message (RFC 6455 §5.4): sent during one, it waits for the final fragment. Server only
    /// (a client's frames must be masked): on a client it throws `.usage(.preparedFrameOnClient)`.
    public func send(prepared: PreparedFrame) throws(SessionSendError) {
        guard let machine = openMachine else { throw .notOpen }
        guard role == .server else { throw .usage(.preparedFrameOnClient) }
        if machine.isSendingFragmented {
            heldPrepared.append(prepared)
            return
        }
        machine.outbound.append(prepared.bytes)
        machine.traffic.sent.count(prepared.message.kind, bytes: prepared.message.bytes.count)
        messageActivity &+= 1
    }

    /// Sends the first fragment of a message sent as a sequence of frames (compressed as one message when an
    /// extension can stream, see `Connection.beginFragmentedMessage`).
    public func beginFragmentedMessage(_ kind: Message.Kind, _ bytes: [UInt8]) throws(SessionSendError) {
        guard let machine = openMachine else { throw .notOpen }
        do { try machine.sendFragment(bytes, kind: kind, isFinal: false) } catch { throw .usage(error) }
    }

    /// Sends the next fragment; `isFinal` ends the message, and prepared frames held meanwhile follow it.
    public func continueFragmentedMessage(_ bytes: [UInt8], isFinal: Bool) throws(SessionSendError) {
        guard let machine = openMachine else { throw .notOpen }
        do { try machine.sendFragment(bytes, kind: nil, isFinal: isFinal) } catch { throw .usage(error) }
        guard isFinal else { return }
        messageActivity &+= 1
        let held = heldPrepared
        heldPrepared = []
        for prepared in held {
            machine.outbound.append(prepared.bytes)
            machine.traffic.sent.count(prepared.message.kind, bytes: prepared.message.bytes.count)
            messageActivity &+= 1
        }
    }

    /// Sends a ping (payload at most 125 bytes). With `tracked`, the pong that answers it is reported as
    /// `SessionEvent.pingsAnswered(through:)` with the returned token.
    @discardableResult
    public func ping(_ payload: [UInt8] = [], tracked: Bool = false) throws(SessionSendError) -> UInt64? {
        guard let machine = openMachine else { throw .notOpen }
        do { try machine.sendControl(.ping, payload: payload) } catch { throw .usage(error) }
        return tracked ? pings.record(payload) : nil
    }

    /// Sends an unsolicited pong (payload at most 125 bytes), e.g. as a unidirectional heartbeat.
    public func pong(_ payload: [UInt8] = []) throws(SessionSendError) {
        guard let machine = openMachine else { throw .notOpen }
        do { try machine.sendControl(.pong, payload: payload) } catch { throw .usage(error) }
    }

    /// Stops reading from the peer on behalf of the application (a slow consumer), until `resumeReading()`.
    public func pauseReading() { pausedByApplication = true }

    /// Undoes `pauseReading()`.
    public func resumeReading() { pausedByApplication = false }

    /// A pong arrived: it answers the oldest keepalive ping (any pong does) and the application's tracked pings up
    /// to the one with its payload.
    func pongArrived(_ payload: [UInt8]) {
        deadlines.pong = nil
        if let token = pings.answer(payload) { deliver(.pingsAnswered(through: token)) }
    }
}
