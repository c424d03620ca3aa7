import RESP
import Transport

/// The connection machinery shared by `RedisConnection` and `RedisSubscriber`: connect, handshake (`AUTH`,
/// `HELLO 3`, `SELECT`, `PING`), replies matched to commands in order, health pings, reconnection with back-off, and for a
/// subscriber the subscriptions. Every stored property is owned by `loop`'s thread; the public types hop there.
final class RedisEngine: @unchecked Sendable {
    enum Role {
        case commands
        case subscriber
    }

    enum HandshakeStep {
        case auth
        case hello
        case select
        case ping
    }

    enum Pending {
        case command(CheckedContinuation<Result<RESPValue, RedisError>, Never>, bytes: Int)
        case publish(bytes: Int)
        case handshake(HandshakeStep)
        case ping
    }

    enum Phase {
        case idle
        case connecting
        case handshaking
        case ready
        case waiting
        case closed
    }

    let role: Role
    let configuration: RedisConfiguration
    let loop: EventLoop
    let status = RedisStatus()

    var phase = Phase.idle
    /// Identifies the current connection (attempt); callbacks of older ones are ignored.
    var generation = 0
    var stream: (any ByteStream)?
    var parser: RESPParser
    var pending: [Pending] = []
    var pendingHead = 0
    var inFlightBytes = 0
    var protocolVersion = RedisProtocolVersion.resp2
    var schedule: RedisReconnectSchedule
    var reconnectTimer: EventLoopScheduledTask?
    var pingTimer: EventLoopScheduledTask?
    var pingDeadline: EventLoopScheduledTask?
    var everConnected = false
    var readyWaiters: [CheckedContinuation<Result<Void, RedisError>, Never>] = []

    // Subscriber state.
    var channels: Set<String> = []
    var confirmationWaiters: [String: [CheckedContinuation<Void, Never>]] = [:]
    var deliver: ((RedisMessage) -> Void)?
    var onClose: (() -> Void)?

    init(role: Role, configuration: RedisConfiguration, loop: EventLoop) {
        self.role = role
        self.configuration = configuration
        self.loop = loop
        parser = RESPParser(limits: configuration.parserLimits)
        schedule = RedisReconnectSchedule(backoff: configuration.backoff, seed: configuration.randomSeed)
    }

    // MARK: Connecting

    /// Starts the first connection attempt (any thread).
    func start() {
        loop.execute { self.connectNow() }
    }

    /// Waits until the connection is ready (nil) or the current attempt failed (its error).
    func waitUntilReady() async -> RedisError? {
        let result: Result<Void, RedisError> = await withCheckedContinuation { continuation in
            loop.execute {
                switch self.phase {
                case .ready: continuation.resume(returning: .success(()))
                case .closed: continuation.resume(returning: .failure(.closed))
                default: self.readyWaiters.append(continuation)
                }
            }
        }
        if case .failure(let error) = result { return error }
        return nil
    }

    func connectNow() {
        guard phase != .closed else { return }
        reconnectTimer = nil
        generation += 1
        let attempt = generation
        phase = .connecting
        status.setState(.connecting)
        let url = configuration.url
        let security = url.isSecure ? configuration.security : nil
        if url.isSecure && security == nil {
            fail(.security("rediss:// needs a StreamSecurity (the TLS module's TLSClientSecurity)"))
            return
        }
        let options = TCPConnectionOptions(writeBufferHighWaterMark: 1 << 30, writeBufferLowWaterMark: 1 << 29)
        TCPClient.connect(
            host: url.host, port: url.port, on: loop, timeout: configuration.connectTimeout, options: options,
            makeHandler: { [self] tcp in
                let handler = RedisStreamHandler(engine: self, generation: attempt)
                guard let security else {
                    handler.stream = tcp
                    return handler
                }
                do {
                    let secured = try security.secureClientConnection(tcp, serverName: url.host)
                    secured.upper = handler
                    handler.stream = secured
                    handler.secured = secured
                    return secured
                } catch {
                    handler.securityError = String(describing: error)
                    return handler
                }
            },
            completion: { [self] result in
                if case .failure(let error) = result, attempt == generation {
                    fail(.unreachable(error))
                }
            })
    }

    /// The connection of `attempt` is established (loop thread).
    func streamActive(_ stream: any ByteStream, attempt: Int, securityError: String?) {
        guard attempt == generation, phase == .connecting else {
            stream.abort()
            return
        }
        if let securityError {
            stream.abort()
            fail(.security(securityError))
            return
        }
        self.stream = stream
        phase = .handshaking
        parser = RESPParser(limits: configuration.parserLimits)
        protocolVersion = .resp2
        let url = configuration.url
        if let password = url.password {
            var auth: RESPCommand = ["AUTH"]
            if let user = url.user { auth.append(user) }
            auth.append(password)
            write(auth, as: .handshake(.auth))
        }
        if configuration.protocolVersion == .resp3 {
            write(["HELLO", "3"], as: .handshake(.hello))
        }
        if url.database != 0 {
            write(["SELECT", String(url.database)], as: .handshake(.select))
        }
        // A last PING proves the server answers and accepts us (a server needing a password we lack says NOAUTH).
        write(["PING"], as: .handshake(.ping))
    }

    func becomeReady() {
        phase = .ready
        schedule.reset()
        let reconnected = everConnected
        everConnected = true
        status.count {
            $0.connects += 1
            if reconnected { $0.reconnects += 1 }
        }
        if role == .subscriber && !channels.isEmpty {
            writeSubscription("SUBSCRIBE", channels.sorted())
        }
        schedulePing()
        status.setState(.connected(protocolVersion))
        let waiters = readyWaiters
        readyWaiters = []
        for waiter in waiters { waiter.resume(returning: .success(())) }
    }

    // MARK: Failing and reconnecting

    /// Ends the current connection (or attempt) with `error`, fails what waited on it and schedules the next attempt.
    func fail(_ error: RedisError) {
        guard phase != .closed, phase != .waiting, phase != .idle else { return }
        let wasReady = phase == .ready
        teardown(error)
        if !wasReady { status.count { $0.failedAttempts += 1 } }
        phase = .waiting
        status.setState(.disconnected(error))
        let delay = schedule.nextDelay()
        reconnectTimer = loop.scheduleTaskOnLoop(in: delay) { [self] in
            if phase == .waiting { connectNow() }
        }
    }

    /// Drops the stream and resolves everything that waited on it with `error`.
    func teardown(_ error: RedisError) {
        generation += 1
        stream?.abort()
        stream = nil
        pingTimer?.cancel()
        pingTimer = nil
        pingDeadline?.cancel()
        pingDeadline = nil
        let waiting = pending[pendingHead...]
        pending = []
        pendingHead = 0
        inFlightBytes = 0
        parser = RESPParser(limits: configuration.parserLimits)
        for entry in waiting {
            if case .command(let continuation, _) = entry { continuation.resume(returning: .failure(error)) }
        }
        let confirmations = confirmationWaiters
        confirmationWaiters = [:]
        for waiters in confirmations.values { for waiter in waiters { waiter.resume() } }
        let ready = readyWaiters
        readyWaiters = []
        for waiter in ready { waiter.resume(returning: .failure(error)) }
    }

    /// Closes for good (loop thread).
    func close() {
        guard phase != .closed else { return }
        teardown(.closed)
        reconnectTimer?.cancel()
        reconnectTimer = nil
        phase = .closed
        status.setState(.closed)
        onClose?()
        onClose = nil
        deliver = nil
    }

    // MARK: Writing

    var pendingCount: Int { pending.count - pendingHead }

    func write(_ command: RESPCommand, as entry: Pending) {
        let bytes = command.encoded
        write(bytes, as: entry)
    }

    func write(_ bytes: [UInt8], as entry: Pending?) {
        guard let stream else { return }
        stream.write(bytes)
        if let entry { pending.append(entry) }
        status.count { $0.commandsSent += 1 }
    }

    /// Sends a command and resolves `continuation` with its reply (loop thread).
    func enqueue(_ bytes: [UInt8], continuation: CheckedContinuation<Result<RESPValue, RedisError>, Never>) {
        guard phase == .ready else {
            continuation.resume(returning: .failure(phase == .closed ? .closed : .notConnected))
            return
        }
        guard inFlightBytes == 0 || inFlightBytes + bytes.count <= configuration.maximumPendingBytes else {
            continuation.resume(returning: .failure(.outboundBufferFull(limit: configuration.maximumPendingBytes)))
            return
        }
        inFlightBytes += bytes.count
        write(bytes, as: .command(continuation, bytes: bytes.count))
    }

    /// Sends a publish without waiting, or drops and counts it (loop thread).
    func enqueuePublish(_ bytes: [UInt8]) {
        guard phase == .ready, inFlightBytes + bytes.count <= configuration.maximumPendingBytes else {
            status.count { $0.publishesDropped += 1 }
            return
        }
        inFlightBytes += bytes.count
        write(bytes, as: .publish(bytes: bytes.count))
        status.count { $0.publishesSent += 1 }
    }

    // MARK: Health

    func schedulePing() {
        guard let interval = configuration.pingInterval else { return }
        let attempt = generation
        pingTimer = loop.scheduleTaskOnLoop(in: interval) { [self] in
            guard attempt == generation, phase == .ready else { return }
            sendPing()
            schedulePing()
        }
    }

    func sendPing() {
        guard pingDeadline == nil else { return }
        let attempt = generation
        write(["PING"], as: .ping)
        pingDeadline = loop.scheduleTaskOnLoop(in: configuration.pingTimeout) { [self] in
            guard attempt == generation else { return }
            fail(.pingTimeout)
        }
    }
}
