import Foundation

// The `ws` tool: a WebSocket server and clients for manual and interoperability testing, the property fuzzer and
// the benchmarks. `ws help` lists the commands (`Verb.all`).

/// Writes `text` and a newline to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

exit(Verb.dispatch(Array(CommandLine.arguments.dropFirst())))
