import WebSocketDeflate
import WebSocketProperties

/// What one connection of a soak does.
enum SoakRole: Hashable, Sendable {
    /// Sends messages (a few in flight), checks every echo, closes normally.
    case echo
    /// Sends bursts, stops reading for a while after each, then takes every echo.
    case slowReader
    /// Sends bursts of pings (and a message), expects every ping answered.
    case pingFlood
    /// A raw connection dropped mid-frame (or mid-header) with a FIN or a reset.
    case abrupt
    /// A raw connection that sends one hostile input and expects the server's answer.
    case hostile(SoakHostileInput)

    /// The class the role's numbers are reported under.
    var soakClass: SoakClass {
        switch self {
        case .echo: .echo
        case .slowReader: .slowReader
        case .pingFlood: .pingFlood
        case .abrupt: .abrupt
        case .hostile: .hostile
        }
    }
}

/// One session of a connection slot: a connection from open to close (a slot reconnects after each).
struct SoakSessionPlan: Sendable {
    /// What the connection does.
    var role: SoakRole
    /// The permessage-deflate offer; nil: none.
    var deflate: PerMessageDeflateConfiguration?
    /// The seed of the session's own generator (its messages, pauses and bytes).
    var seed: UInt64
    /// Echo: messages to send. Slow reader and ping flood: bursts.
    var rounds: Int
    /// Echo: messages in flight at most.
    var window: Int
}

/// The seeded plan of a soak: every slot draws its sessions from its own generator,
/// `Xorshift64Star(seed: seed, iteration: slot)`, so a seed replays the same sessions with the same messages
/// (how many fit in the duration depends on timing).
enum SoakPlan {
    /// Roles every run covers: slot `i < coverage.count` takes `coverage[i]` as its first session.
    static let coverage: [SoakRole] = [.echo, .slowReader, .pingFlood, .abrupt] + SoakHostileInput.allCases.map { .hostile($0) }

    /// Parts per thousand of sessions by role (the rest of the time a slot holds an echo connection).
    static let weights: [(role: SoakClass, weight: Int)] = [
        (.echo, 800), (.slowReader, 60), (.pingFlood, 30), (.abrupt, 60), (.hostile, 50),
    ]

    /// The next session of `slot` (its `index`-th), drawn from the slot's generator; `deflatePercent` of sessions
    /// offer permessage-deflate.
    static func session(slot: Int, index: Int, deflatePercent: Int, using g: inout Xorshift64Star) -> SoakSessionPlan {
        var role: SoakRole
        if index == 0 && slot < coverage.count {
            role = coverage[slot]
            _ = g.next()
        } else {
            var pick = g.int(in: 0..<1000)
            role = .echo
            for (soakClass, weight) in weights {
                if pick < weight {
                    role = switch soakClass {
                    case .echo: .echo
                    case .slowReader: .slowReader
                    case .pingFlood: .pingFlood
                    case .abrupt: .abrupt
                    case .hostile: .hostile(g.element(of: SoakHostileInput.allCases))
                    }
                    break
                }
                pick -= weight
            }
        }
        let offersDeflate = g.int(in: 0..<100) < deflatePercent
        var deflate: PerMessageDeflateConfiguration? = offersDeflate ? drawDeflate(using: &g) : nil
        if case .hostile(let input) = role {
            if input.needsDeflate && deflate == nil { deflate = PerMessageDeflateConfiguration() }
            if input.forbidsDeflate { deflate = nil }
        }
        let rounds = switch role {
        case .echo: g.int(in: 5...200)
        case .slowReader: g.int(in: 1...4)
        case .pingFlood: g.int(in: 1...5)
        case .abrupt, .hostile: 1
        }
        return SoakSessionPlan(role: role, deflate: deflate, seed: g.next(), rounds: rounds, window: g.int(in: 1...4))
    }

    /// A permessage-deflate offer: the defaults, no context takeover, or smaller windows; any level.
    static func drawDeflate(using g: inout Xorshift64Star) -> PerMessageDeflateConfiguration {
        var configuration = PerMessageDeflateConfiguration()
        configuration.level = DeflateLevel(g.int(in: 1...9)) ?? .default
        switch g.int(in: 0..<10) {
        case 0..<6: break
        case 6..<8:
            configuration.serverNoContextTakeover = true
            configuration.clientNoContextTakeover = true
        default:
            configuration.serverMaxWindowBits = g.int(in: 9...14)
            configuration.clientMaxWindowBits = g.int(in: 9...14)
        }
        return configuration
    }
}
