import RESP
import Transport

extension RedisEngine {
    /// Bytes arrived on the connection of `attempt` (loop thread).
    func received(_ bytes: UnsafeRawBufferPointer, attempt: Int) {
        guard attempt == generation, stream != nil else { return }
        parser.append(bytes)
        while attempt == generation {
            let value: RESPValue?
            do {
                value = try parser.next()
            } catch {
                fail(.malformedReply(error))
                return
            }
            guard let value else { return }
            handle(value)
        }
    }

    /// The connection of `attempt` ended.
    func streamEnded(attempt: Int, error: TransportError?, securityFailure: String?) {
        guard attempt == generation else { return }
        if let securityFailure, phase != .ready {
            fail(.security(securityFailure))
        } else if let error {
            fail(.connectionFailed(error))
        } else {
            fail(.connectionClosed)
        }
    }

    func handle(_ value: RESPValue) {
        let value = value.withoutAttributes
        if case .push(let elements) = value {
            if role == .subscriber { handlePubSub(elements) }
            return
        }
        if role == .subscriber, protocolVersion == .resp2, case .array(let elements) = value,
            let kind = elements.first?.string?.lowercased(), Self.pubSubKinds.contains(kind)
        {
            handlePubSub(elements)
            return
        }
        guard pendingHead < pending.count else {
            fail(.unexpectedReply(String(String(describing: value).prefix(200))))
            return
        }
        let entry = pending[pendingHead]
        pendingHead += 1
        if pendingHead == pending.count {
            pending.removeAll(keepingCapacity: pending.capacity <= 4096)
            pendingHead = 0
        } else if pendingHead >= 1024 && pendingHead * 2 >= pending.count {
            pending.removeSubrange(0..<pendingHead)
            pendingHead = 0
        }
        status.count { $0.repliesReceived += 1 }
        switch entry {
        case .command(let continuation, let bytes):
            inFlightBytes -= bytes
            if let message = value.errorMessage {
                continuation.resume(returning: .failure(.errorReply(message)))
            } else {
                continuation.resume(returning: .success(value))
            }
        case .publish(let bytes):
            inFlightBytes -= bytes
        case .ping:
            pingDeadline?.cancel()
            pingDeadline = nil
            if let message = value.errorMessage, message.hasPrefix("NOAUTH") {
                fail(.authenticationFailed(message))
            }
        case .handshake(let step):
            handshakeReply(step, value)
        }
    }

    static let pubSubKinds: Set<String> = [
        "message", "subscribe", "unsubscribe", "pmessage", "psubscribe", "punsubscribe", "smessage", "ssubscribe",
        "sunsubscribe",
    ]

    func handshakeReply(_ step: HandshakeStep, _ value: RESPValue) {
        let error = value.errorMessage
        switch step {
        case .auth:
            if let error {
                fail(.authenticationFailed(error))
                return
            }
        case .hello:
            if let error {
                if error.hasPrefix("NOAUTH") || error.hasPrefix("WRONGPASS") {
                    fail(.authenticationFailed(error))
                    return
                }
                protocolVersion = .resp2  // a server before Redis 6 (or one refusing RESP3): stay on RESP2
            } else {
                protocolVersion = .resp3
            }
        case .select, .ping:
            if let error {
                let command = step == .select ? "SELECT" : "PING"
                fail(error.hasPrefix("NOAUTH") ? .authenticationFailed(error) : .handshakeFailed(command: command, message: error))
                return
            }
        }
        if phase == .handshaking && pendingCount == 0 { becomeReady() }
    }

    func handlePubSub(_ elements: [RESPValue]) {
        guard let kind = elements.first?.string?.lowercased() else { return }
        switch kind {
        case "message" where elements.count >= 3:
            guard let channel = elements[1].string, let payload = elements[2].bytes else { return }
            status.count { $0.messagesReceived += 1 }
            deliver?(RedisMessage(channel: channel, payload: payload))
        case "subscribe", "unsubscribe":
            guard elements.count >= 2, let channel = elements[1].string else { return }
            let key = kind + " " + channel
            if let waiters = confirmationWaiters.removeValue(forKey: key) {
                for waiter in waiters { waiter.resume() }
            }
        default:
            break
        }
    }

    // MARK: Subscriptions (loop thread)

    func writeSubscription(_ command: String, _ names: [String]) {
        guard !names.isEmpty else { return }
        write(RESPCommand([command] + names).encoded, as: nil)
    }

    /// Adds `names` to the subscriptions; `done` runs once Redis confirmed each (or at once while not connected).
    func subscribe(_ names: [String], waiter: CheckedContinuation<Void, Never>?) {
        let new = names.filter { !channels.contains($0) }
        channels.formUnion(names)
        status.setChannels(channels)
        changeSubscriptions("subscribe", new, waiter: waiter)
    }

    func unsubscribe(_ names: [String], waiter: CheckedContinuation<Void, Never>?) {
        let removed = names.filter { channels.contains($0) }
        channels.subtract(names)
        status.setChannels(channels)
        changeSubscriptions("unsubscribe", removed, waiter: waiter)
    }

    private func changeSubscriptions(_ kind: String, _ names: [String], waiter: CheckedContinuation<Void, Never>?) {
        guard phase == .ready, !names.isEmpty else {
            waiter?.resume()
            return
        }
        if let waiter {
            // Resume once the last channel's confirmation arrives (Redis confirms in order).
            confirmationWaiters[kind + " " + names[names.count - 1], default: []].append(waiter)
        }
        writeSubscription(kind.uppercased(), names)
    }
}
