import Foundation

// The `ws` tool: a WebSocket server and clients for manual and interoperability testing, the property fuzzer and
// the benchmarks. `ws help` lists the subcommands.

/// Writes `text` and a newline to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

let usage = """
    usage: ws <command> [options]

    commands:
      serve          run an echo or broadcast server (ws serve --help)
      connect        like wscat: stdin lines go out as text messages, messages received are printed
      echo-client    echo every message back until the server closes (how conformance suites drive a client)
      fuzz           run the property suite: ws fuzz [--seed S] [--property P] [--iterations N] [--list]
      check          model-check the session driver: ws check [--depth N] [--replay MOVES]
      bench core     measure the protocol core (build with -c release): masking, decoding, encoding, SHA-1, UTF-8
      bench echo     load generator: connections x size x messages in flight (ws bench --help)
      bench storm    handshakes per second
      bench deflate  our DEFLATE against zlib on the same buffers
      bench fanout   one publisher, N subscribers over one or more broadcast nodes (--help)
      bench stream   one 1 GiB message through the streaming API, plain and compressed: time and peak RSS growth
      bench soak     hold ~1000 connections of mixed and hostile traffic, check echoes, latency, memory (--help)
      help           show this text
    """

let arguments = Array(CommandLine.arguments.dropFirst())
let rest = Array(arguments.dropFirst())
let status: Int32
switch arguments.first {
case "serve": status = runServe(rest)
case "connect": status = runConnect(rest)
case "echo-client": status = runEchoClient(rest)
case "fuzz": status = runFuzz(rest)
case "check": status = runCheck(rest)
case "bench" where rest.first == "soak": status = runBenchSoak(Array(rest.dropFirst()))
case "bench" where rest.first == "stream": status = runBenchStream(Array(rest.dropFirst()))
case "bench" where rest.first == "fanout": status = runBenchFanout(Array(rest.dropFirst()))
case "bench": status = rest.first == "core" ? runBenchCore(Array(rest.dropFirst())) : runBench(rest)
case "help", "--help", "-h":
    print(usage)
    status = 0
case let other?:
    printError("ws: unknown command \(other)\n\n\(usage)")
    status = 2
case nil:
    printError(usage)
    status = 2
}
exit(status)
