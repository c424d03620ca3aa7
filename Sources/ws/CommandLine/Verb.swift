/// A command of the `ws` tool: the words that name it (`serve`, `bench echo`), one line for `ws help`, and what
/// runs it with the remaining arguments (returning the exit status). Every verb answers `--help` with its usage on
/// standard output and status 0.
struct Verb: Sendable {
    /// The words after `ws` that select it.
    let words: [String]
    /// What it does, in one line.
    let summary: String
    /// Runs it on the arguments after its words.
    let run: @Sendable ([String]) -> Int32

    /// Every verb, in the order `ws help` lists them.
    static let all: [Verb] = [
        Verb(words: ["serve"], summary: "run an echo or broadcast server, with a demo page on / (ws serve --help)", run: runServe),
        Verb(words: ["connect"], summary: "like wscat: stdin lines go out as messages, messages received are printed", run: runConnect),
        Verb(words: ["send"], summary: "send one message (ws send URL MESSAGE), close, exit 0 after a clean close", run: runSend),
        Verb(words: ["subscribe"], summary: "print every message received, one per line, until the server closes", run: runSubscribe),
        Verb(words: ["echo-client"], summary: "echo every message back until the server closes (how conformance suites drive a client)", run: runEchoClient),
        Verb(words: ["fuzz"], summary: "run the property suite: ws fuzz [--seed S] [--property P] [--iterations N] [--list]", run: runFuzz),
        Verb(words: ["check"], summary: "model-check the session driver: ws check [--depth N] [--replay MOVES]", run: runCheck),
        Verb(words: ["bench", "core"], summary: "measure the protocol core (build with -c release): masking, decoding, encoding, SHA-1, UTF-8", run: runBenchCore),
        Verb(words: ["bench", "echo"], summary: "load generator: connections x size x messages in flight", run: { runBench(["echo"] + $0) }),
        Verb(words: ["bench", "storm"], summary: "handshakes per second", run: { runBench(["storm"] + $0) }),
        Verb(words: ["bench", "deflate"], summary: "our DEFLATE against zlib on the same buffers", run: runBenchDeflate),
        Verb(words: ["bench", "fanout"], summary: "one publisher, N subscribers over one or more broadcast nodes", run: runBenchFanout),
        Verb(words: ["bench", "stream"], summary: "one 1 GiB message through the streaming API, plain and compressed: time and peak RSS growth", run: runBenchStream),
        Verb(words: ["bench", "idle"], summary: "hold N idle connections (many source addresses): server bytes per connection, then one message each per second", run: runBenchIdle),
        Verb(words: ["bench", "soak"], summary: "hold ~1000 connections of mixed and hostile traffic, check echoes, latency, memory", run: runBenchSoak),
        Verb(words: ["help"], summary: "show this text (ws VERB --help shows a verb's options)", run: { _ in
            print(Verb.usage)
            return 0
        }),
    ]

    /// What `ws help` prints.
    static var usage: String {
        let names = all.map { $0.words.joined(separator: " ") }
        let width = names.map(\.count).max() ?? 0
        let lines = zip(names, all).map { name, verb in
            "  " + name + String(repeating: " ", count: width - name.count + 2) + verb.summary
        }
        return "usage: ws <command> [options]\n\ncommands:\n" + lines.joined(separator: "\n")
    }

    /// Runs the verb `arguments` name (the longest match of words) and returns its exit status; `ws`, `ws --help`
    /// and `ws -h` print the usage, an unknown command prints it on standard error with status 2.
    static func dispatch(_ arguments: [String]) -> Int32 {
        if arguments.isEmpty {
            printError(usage)
            return 2
        }
        if arguments == ["--help"] || arguments == ["-h"] || arguments == ["bench", "--help"] {
            print(usage)
            return 0
        }
        let matching = all.filter { $0.words.count <= arguments.count && Array(arguments.prefix($0.words.count)) == $0.words }
        guard let verb = matching.max(by: { $0.words.count < $1.words.count }) else {
            printError("ws: unknown command \(arguments.prefix(2).joined(separator: " "))\n\n\(usage)")
            return 2
        }
        return verb.run(Array(arguments.dropFirst(verb.words.count)))
    }
}
