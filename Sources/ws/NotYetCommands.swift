import Foundation

// Placeholders for the subcommands that need WebSocketIO; this file will be replaced by their implementations.
// Each returns the process exit status.

/// `ws serve`: not implemented yet.
func runServe(_ arguments: [String]) -> Int32 { notImplemented("serve") }

/// `ws connect`: not implemented yet.
func runConnect(_ arguments: [String]) -> Int32 { notImplemented("connect") }

/// `ws echo-client`: not implemented yet.
func runEchoClient(_ arguments: [String]) -> Int32 { notImplemented("echo-client") }

/// `ws bench MODE` for modes other than `core`: not implemented yet.
func runBench(_ arguments: [String]) -> Int32 { notImplemented("bench \(arguments.first ?? "")") }

private func notImplemented(_ command: String) -> Int32 {
    FileHandle.standardError.write(Data("ws \(command): not implemented yet\n".utf8))
    return 2
}
