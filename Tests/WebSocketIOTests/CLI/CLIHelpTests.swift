import Foundation
import Testing
@testable import ws

@Suite("ws: help and bad flags", .timeLimit(.minutes(1)))
struct CLIHelpTests {
    @Test("WS-CLI-HELP: ws help lists every verb; every verb's --help prints its usage on stdout and exits 0")
    func help() async throws {
        let listing = try await WSTool.run(["help"])
        #expect(listing.status == 0)
        let names = Verb.all.map { $0.words.joined(separator: " ") }
        for name in names {
            #expect(listing.outputText.contains("\n  \(name) "), "ws help lists \(name)")
        }
        for flag in ["--help", "-h"] {
            let other = try await WSTool.run([flag])
            #expect(other.status == 0 && other.outputText == listing.outputText, "ws \(flag)")
        }
        #expect(Set(names).isSuperset(of: ["serve", "connect", "send", "subscribe", "echo-client", "help"]))
        for verb in Verb.all where verb.words != ["help"] {
            let name = verb.words.joined(separator: " ")
            let result = try await WSTool.run(verb.words + ["--help"])
            #expect(result.status == 0, "ws \(name) --help exits \(result.status): \(result.errorText)")
            #expect(
                result.outputText.hasPrefix("usage: ws ") && result.outputText.contains("ws \(name)"),
                "ws \(name) --help: \(result.outputText.prefix(200))")
            #expect(result.errorText.isEmpty, "ws \(name) --help writes nothing on stderr")
        }

        for arguments in [[], ["nonsense"], ["bench"], ["bench", "nonsense"]] {
            let result = try await WSTool.run(arguments)
            #expect(result.status == 2, "ws \(arguments) exits 2")
            #expect(result.outputText.isEmpty && result.errorText.contains("usage: ws <command>"))
        }
    }

    @Test("WS-CLI-BAD-FLAGS: bad options, operands and values end with status 2 and a message naming the option")
    func badFlags() async throws {
        let cases: [(arguments: [String], message: String)] = [
            (["serve", "--subprotocol", "a b"], "--subprotocol"),
            (["serve", "--subprotocol", "chat", "--subprotocol", "chat"], "--subprotocol chat is given twice"),
            (["serve", "--write-high-water", "0"], "--write-high-water is 1 to"),
            (["serve", "--write-high-water", "lots"], "--write-high-water needs a non-negative integer"),
            (["serve", "--write-high-water", "4096", "--write-low-water", "8192"], "--write-low-water (8192) must not exceed"),
            (["serve", "--read-buffer", "100"], "--read-buffer is 4096 to"),
            (["serve", "--read-buffer", "134217728"], "--read-buffer is 4096 to"),
            (["serve", "--member-queue", "1000"], "--member-queue needs --mode broadcast"),
            (["serve", "--mode", "broadcast", "--member-queue", "0"], "--member-queue is 1 to"),
            (["serve", "--no-such-option"], "unknown option --no-such-option"),
            (["connect", "ws://127.0.0.1:1/", "--binary=base32"], "--binary is hex or base64, not base32"),
            (["connect", "ws://127.0.0.1:1/", "--ping-interval", "-1"], "--ping-interval"),
            (["connect", "ws://127.0.0.1:1/", "--ping-interval", "nan"], "--ping-interval"),
            (["connect", "ws://127.0.0.1:1/", "--ping-interval", "100000"], "--ping-interval"),
            (["connect"], "expected URL"),
            (["echo-client", "ws://127.0.0.1:1/", "--binary"], "unknown option --binary"),
            (["send", "ws://127.0.0.1:1/"], "expected URL MESSAGE"),
            (["send", "ws://127.0.0.1:1/", "a", "b"], "unexpected argument b"),
            (["send", "ws://127.0.0.1:1/", "0g", "--binary"], "hex: 'g' is not a hex digit"),
            (["send", "ws://127.0.0.1:1/", "abc", "--binary"], "hex: an odd number of digits"),
            (["send", "ws://127.0.0.1:1/", "***", "--binary", "base64"], "not Base64"),
            (["subscribe", "ws://127.0.0.1:1/", "extra"], "unexpected argument extra"),
            (["subscribe", "ws://127.0.0.1:1/", "--proxy", "http://p:1", "--unix", "/tmp/x"], "--unix and --proxy exclude each other"),
        ]
        for (arguments, message) in cases {
            let result = try await WSTool.run(arguments)
            #expect(result.status == 2, "ws \(arguments.joined(separator: " ")) exits \(result.status)")
            #expect(result.errorText.contains(message), "ws \(arguments.joined(separator: " ")): \(result.errorText.prefix(300))")
            #expect(result.outputText.isEmpty)
        }
    }
}
