import Foundation

/// `ws bench soak`: holds many connections to an echo server with mixed, partly hostile traffic for a while, then
/// checks the echoes, the close codes, the probe's latency and the server's memory and health (see
/// `benchSoakUsage` and Spec/soak.md). Returns the exit status: 0 pass, 1 a failed check, 2 bad arguments.
func runBenchSoak(_ arguments: [String]) -> Int32 {
    var options: SoakOptions
    do {
        if arguments.contains("--help") {
            print(benchSoakUsage)
            return 0
        }
        options = try SoakOptions(arguments: arguments)
    } catch {
        printError("ws bench soak: \(error)\n\(benchSoakUsage)")
        return 2
    }
    raiseOpenFileLimit(to: options.connections * 2 + 256)
    var server: SoakServerProcess?
    if options.port == nil {
        do {
            let spawned = try SoakServerProcess(host: options.host)
            options.port = spawned.port
            options.serverPID = spawned.process.processIdentifier
            server = spawned
        } catch {
            printError("ws bench soak: cannot start the server: \(error)")
            return 1
        }
    }
    let origin = server.map { "ws serve started by the soak, pid \($0.process.processIdentifier)" }
        ?? options.serverPID.map { "pid \($0)" } ?? "pid unknown"
    writeLine(
        "soak: seed \(options.seed), \(options.connections) connections for \(options.duration) s against \(options.url) (\(origin))")
    writeLine("soak: replay with ws bench soak --seed \(options.seed) (and the same options)")
    let pid = options.serverPID
    let baseline = pid.flatMap { SoakMemory.read(pid: $0) }
    let cpuBefore = pid.flatMap { SoakMemory.cpuSeconds(pid: $0) }
    let loadBefore = SoakMemory.loadAverage()
    let runOptions = options
    let outcome = SoakOutcomeBox()
    // The quiet point after the warm-up: every connection closed, a settle time, then the warm baseline.
    let quietPoint = pid.map { soakQuietPoint(pid: $0, options: runOptions, outcome: outcome) }
    _ = runBlocking {
        do {
            outcome.traffic = try await SoakRun.run(runOptions, quietPoint: quietPoint)
        } catch {
            outcome.error = "\(error)"
        }
        return 0
    }
    guard let traffic = outcome.traffic else {
        printError("ws bench soak: \(outcome.error ?? "no result")")
        _ = server?.terminate()
        return 1
    }
    // Memory is read a settle time after the last close (a fixed period, not a wait for a condition).
    if pid != nil { Thread.sleep(forTimeInterval: options.settleSeconds) }
    var report = SoakReport(options: options, traffic: traffic)
    report.loadAverages = (loadBefore, SoakMemory.loadAverage())
    if let pid {
        report.baseline = baseline
        report.warm = outcome.warm
        report.after = SoakMemory.read(pid: pid)
        if let cpuBefore, let cpuAfter = SoakMemory.cpuSeconds(pid: pid) { report.serverCPUSeconds = cpuAfter - cpuBefore }
        report.serverAlive = server.map { $0.process.isRunning } ?? SoakMemory.isAlive(pid: pid)
    }
    if let server {
        report.serverExit = server.terminate()
        if !report.failures.isEmpty {
            let tail = server.errorTail()
            if !tail.isEmpty { writeLine("soak: the server's standard error ends with:\n\(tail)") }
        }
    }
    writeLine(report.text)
    return report.failures.isEmpty ? 0 : 1
}

/// The quiet point after the warm-up: every connection is closed; after the settle time, the warm baseline.
func soakQuietPoint(pid: Int32, options: SoakOptions, outcome: SoakOutcomeBox) -> @Sendable () async -> Void {
    {
        try? await Task.sleep(for: .seconds(options.settleSeconds))
        let warm = SoakMemory.read(pid: pid)
        outcome.warm = warm
        if let warm {
            writeLine(
                "soak: after the \(options.warmUpSeconds) s warm-up and \(options.settleSeconds) s with no connections, the server's RSS is \(SoakReport.size(warm.resident))")
        }
    }
}

/// The traffic and the warm baseline handed from the task to the main thread (written before the semaphore is
/// signalled).
final class SoakOutcomeBox: @unchecked Sendable {
    var traffic: SoakTraffic?
    var warm: (resident: Int, peak: Int)?
    var error: String?
}
