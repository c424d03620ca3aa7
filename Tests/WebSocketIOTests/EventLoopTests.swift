#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#endif
import Testing
@testable import WebSocketIO

@Suite("Event loop", .timeLimit(.minutes(1)))
struct EventLoopTests {
    @Test("WS-IO-TIMERS: scheduled tasks fire in deadline order and cancelled ones never fire")
    func timers() async throws {
        let group = try EventLoopGroup(numberOfThreads: 1)
        defer { group.shutdown() }
        let loop = group.next()
        let fired = Watch<[String]>([])
        loop.scheduleTask(in: .milliseconds(30)) { fired.update { $0.append("c") } }
        loop.scheduleTask(in: .milliseconds(10)) { fired.update { $0.append("a") } }
        let cancelledHere = loop.scheduleTask(in: .milliseconds(15)) { fired.update { $0.append("x") } }
        loop.scheduleTask(in: .milliseconds(20)) { fired.update { $0.append("b1") } }
        loop.scheduleTask(in: .milliseconds(20)) { fired.update { $0.append("b2") } }
        cancelledHere.cancel()
        try await loop.perform {
            let onLoop = loop.scheduleTaskOnLoop(in: .milliseconds(5)) { fired.update { $0.append("y") } }
            onLoop.cancel()
        }
        let result = await fired.wait { $0.count >= 4 }
        #expect(result == ["a", "b1", "b2", "c"])
    }

    @Test("WS-IO-TIMERS: a zero delay timer runs on the loop thread")
    func zeroDelay() async throws {
        let group = try EventLoopGroup(numberOfThreads: 1)
        defer { group.shutdown() }
        let loop = group.next()
        let onLoop = Watch<Bool?>(nil)
        loop.scheduleTask(nanoseconds: 0) { onLoop.update { $0 = loop.inEventLoop } }
        #expect(await onLoop.wait { $0 != nil } == true)
    }

    @Test("WS-IO-EXECUTE: closures submitted from many threads all run, on the loop thread")
    func executeFromOtherThreads() async throws {
        let group = try EventLoopGroup(numberOfThreads: 1)
        defer { group.shutdown() }
        let loop = group.next()
        #expect(!loop.inEventLoop)
        let counts = Watch<(ran: Int, offLoop: Int)>((0, 0))
        await withTaskGroup(of: Void.self) { tasks in
            for _ in 0..<4 {
                tasks.addTask {
                    for _ in 0..<1000 {
                        loop.execute {
                            let onLoop = loop.inEventLoop
                            counts.update {
                                $0.ran += 1
                                if !onLoop { $0.offLoop += 1 }
                            }
                        }
                    }
                }
            }
        }
        let result = await counts.wait { $0.ran == 4000 }
        #expect(result.offLoop == 0)
    }

    @Test("WS-IO-CPU-COUNT: the default loop count is the number of CPUs the process may run on")
    func cpuCount() throws {
        let usable = CPUAffinity.usableCPUCount
        #expect(usable >= 1)
        #expect(usable <= Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        let group = try EventLoopGroup()
        defer { group.shutdown() }
        #expect(group.loops.count == usable)
        let picked = (0..<(2 * usable)).map { _ in group.next().index }
        #expect(picked == (0..<(2 * usable)).map { $0 % usable })
    }

    @Test("WS-IO-SHUTDOWN: shutting a group down closes its connections and rejects further work")
    func shutdown() async throws {
        let group = try EventLoopGroup(numberOfThreads: 1)
        let recorder = ServerRecorder()
        let server = try TCPServer.bind(host: "127.0.0.1", port: 0, group: group, makeHandler: recorder.makeHandler)
        let (_, record) = try await TransportTestSupport.connectRecording(port: server.port, on: group.next())
        let serverSide = await recorder.connection(0)
        await group.shutdownGracefully()
        #expect(record.value.closed)
        #expect(record.value.closeError == .eventLoopShutDown)
        #expect(serverSide.value.closeError == .eventLoopShutDown)
        await #expect(throws: TransportError.eventLoopShutDown) {
            try await group.loops[0].perform { 1 }
        }
    }
}
