import Foundation
import Synchronization

/// The kinds of connection a soak holds.
enum SoakClass: String, CaseIterable, Sendable {
    case echo = "echo"
    case slowReader = "slow-reader"
    case pingFlood = "ping-flood"
    case abrupt = "abrupt-disconnect"
    case hostile = "hostile"
}

/// What the connections of one class did (sums over sessions).
struct SoakClassTally: Sendable {
    var sessions = 0
    var deflateSessions = 0
    var messagesSent = 0
    var bytesSent = 0
    var messagesEchoed = 0
    var bytesEchoed = 0
    var fragmented = 0
    var text = 0
    var binary = 0
    var pingsSent = 0
    var pingsAnswered = 0
    var readPauses = 0

    mutating func merge(_ other: SoakClassTally) {
        sessions += other.sessions
        deflateSessions += other.deflateSessions
        messagesSent += other.messagesSent
        bytesSent += other.bytesSent
        messagesEchoed += other.messagesEchoed
        bytesEchoed += other.bytesEchoed
        fragmented += other.fragmented
        text += other.text
        binary += other.binary
        pingsSent += other.pingsSent
        pingsAnswered += other.pingsAnswered
        readPauses += other.readPauses
    }
}

/// The totals of a soak run, shared by every connection (each merges its session's tally once, at its end).
final class SoakLedger: Sendable {
    struct State {
        var classes: [SoakClass: SoakClassTally] = [:]
        /// Messages and bytes sent by well-behaved clients, per size class.
        var sizes: [SoakSizeClass: (messages: Int, bytes: Int)] = [:]
        /// Hostile inputs sent, and the answers seen (a close code, an HTTP status, or what happened instead).
        var hostile: [SoakHostileInput: [String: Int]] = [:]
        /// The longest time from sending a hostile input to its close frame, per input (nanoseconds).
        var slowestAnswer: [SoakHostileInput: UInt64] = [:]
        /// Abrupt disconnects, by how the connection was dropped.
        var abrupt: [String: Int] = [:]
        /// Connection attempts that failed (each also a failure).
        var connectFailures = 0
        var failures: [String] = []
        var failureCount = 0
    }

    /// The failures kept word for word; later ones are only counted.
    static let keptFailures = 40

    private let state = Mutex(State())
    private let verbose: Bool

    init(verbose: Bool) { self.verbose = verbose }

    /// Adds a session's tally to its class, and its messages to the size classes.
    func merge(_ tally: SoakClassTally, into soakClass: SoakClass, sizes: [SoakSizeClass: (messages: Int, bytes: Int)] = [:]) {
        state.withLock { state in
            state.classes[soakClass, default: SoakClassTally()].merge(tally)
            for (sizeClass, counts) in sizes {
                let old = state.sizes[sizeClass] ?? (0, 0)
                state.sizes[sizeClass] = (old.messages + counts.messages, old.bytes + counts.bytes)
            }
        }
    }

    /// Records one hostile input and the answer it got.
    func hostile(_ input: SoakHostileInput, answer: String, nanoseconds: UInt64?) {
        state.withLock { state in
            state.hostile[input, default: [:]][answer, default: 0] += 1
            if let nanoseconds { state.slowestAnswer[input] = max(state.slowestAnswer[input] ?? 0, nanoseconds) }
        }
    }

    /// Records one abrupt disconnect.
    func abrupt(_ how: String) {
        state.withLock { $0.abrupt[how, default: 0] += 1 }
    }

    /// Records a connection attempt that failed.
    func connectFailed(_ what: String) {
        state.withLock { $0.connectFailures += 1 }
        fail(what)
    }

    /// Records a failed assertion.
    func fail(_ what: String) {
        state.withLock { state in
            state.failureCount += 1
            if state.failures.count < Self.keptFailures { state.failures.append(what) }
        }
        if verbose { FileHandle.standardError.write(Data("soak: FAIL: \(what)\n".utf8)) }
    }

    /// A copy of the totals.
    var snapshot: State { state.withLock { $0 } }
}
