import Foundation
import WebSocketProperties

private let checkUsage = """
    usage: ws check [--depth N] [--messages N] [--pings N] [--faults N] [--exact] [--no-prune]
                    [--keepalive-interval S] [--keepalive-timeout S] [--close-timeout S] [--handshake-timeout S]
           ws check --replay "MOVES" (with the same options as the run that found it)
    Model-checks WebSocketSession: a client and a server session back to back, every interleaving of deliveries,
    timer firings, application calls (close, messages, pings) and one network fault (loss or end of stream), up to
    --depth moves (default \(ModelCheckConfiguration.deep.depth); swift test runs \(ModelCheckConfiguration.test.depth)).
    --exact prunes only states with identical futures (slower); --no-prune explores every sequence. The timeouts
    are whole seconds (defaults: keepalive every 2 s, 3 s for the pong, close 1 s, handshake 5 s).
    --replay runs the moves of a counterexample (tokens: dc ds deliver, xc xs transport closed, tc ts timer,
    Cc Cs close, mc ms message, pc ps ping, L loss, ec es end of stream) and prints what each side did.
    Exits 1 when a property fails, 2 on bad arguments.
    """

/// `ws check`: the model check of the close handshake and keepalive (`Spec/session.md`, `WS-SESSION-MODEL-CHECK`)
/// at a deeper bound than `swift test`, or the replay of one counterexample.
func runCheck(_ arguments: [String]) -> Int32 {
    var configuration = ModelCheckConfiguration.deep
    let parsed: CommandLineArguments
    do {
        parsed = try CommandLineArguments(
            arguments,
            valueOptions: [
                "depth", "messages", "pings", "faults", "replay", "keepalive-interval", "keepalive-timeout",
                "close-timeout", "handshake-timeout",
            ],
            flagOptions: ["exact", "no-prune", "help"])
        if let depth = try parsed.int("depth") { configuration.depth = depth }
        if let messages = try parsed.int("messages") { configuration.messages = messages }
        if let pings = try parsed.int("pings") { configuration.pings = pings }
        if let faults = try parsed.int("faults") { configuration.faults = faults }
        if let seconds = try parsed.int("keepalive-interval") { configuration.session.keepalive?.interval = .seconds(seconds) }
        if let seconds = try parsed.int("keepalive-timeout") { configuration.session.keepalive?.timeout = .seconds(seconds) }
        if let seconds = try parsed.int("close-timeout") { configuration.session.closeTimeout = .seconds(seconds) }
        if let seconds = try parsed.int("handshake-timeout") { configuration.session.handshakeTimeout = .seconds(seconds) }
        guard parsed.positional.isEmpty else {
            throw CommandLineArguments.ParseError(description: "unexpected argument \(parsed.positional[0])")
        }
    } catch {
        printError("ws check: \(error)\n\(checkUsage)")
        return 2
    }
    if parsed.flag("help") {
        print(checkUsage)
        return 0
    }
    configuration.prune = !parsed.flag("no-prune")
    let factory: ModelSessionFactory
    do { factory = try ModelSessionFactory(configuration: configuration) } catch {
        printError("ws check: \(error)")
        return 2
    }
    if let text = parsed.value("replay") {
        guard let moves = ModelMove.parse(text) else {
            printError("ws check: not a move sequence: \(text)\n\(checkUsage)")
            return 2
        }
        let pair = SessionPair.replay(moves, factory: factory, tracing: true)
        for line in pair.log ?? [] { print(line) }
        print("state: \(pair.stateSummary)")
        for violation in pair.violations { print("FAIL \(violation.property): \(violation.message)") }
        return pair.violations.isEmpty ? 0 : 1
    }
    print("ws check: depth \(configuration.depth), \(configuration.messages) messages, \(configuration.pings) pings, "
        + "\(configuration.faults) faults, \(parsed.flag("exact") ? "exact" : "observable") fingerprints"
        + (configuration.prune ? "" : ", no pruning"))
    var checker = ModelChecker(factory: factory, fingerprint: parsed.flag("exact") ? .exact : .observable)
    let result = checker.run()
    print(result)
    if let first = result.violations.first {
        print("\ntrace of the first counterexample:")
        let pair = SessionPair.replay(first.moves, factory: factory, tracing: true)
        for line in pair.log ?? [] { print(line) }
        return 1
    }
    return 0
}
