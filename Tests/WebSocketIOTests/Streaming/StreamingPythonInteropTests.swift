import Foundation
import Testing
import WebSocketDeflate
@testable import WebSocketIO

/// Streaming against Python `websockets` with permessage-deflate: our compressed streaming send decodes there, and
/// its fragmented compressed message streams here. Skipped when python3 with `websockets` is not installed.
@Suite("WebSocket streaming against Python websockets", .timeLimit(.minutes(1)))
struct StreamingPythonInteropTests {
    static let script = #"""
        import asyncio, hashlib
        from websockets.asyncio.server import serve

        done = None

        async def handler(ws):
            try:
                await serve_one(ws)
            finally:
                done.set_result(None)

        async def serve_one(ws):
            async for message in ws:
                data = message.encode() if isinstance(message, str) else message
                kind = "text" if isinstance(message, str) else "binary"
                await ws.send("%s %d %s" % (kind, len(data), hashlib.sha1(data).hexdigest()))
                # The same message back, fragmented (websockets compresses the fragments as one message).
                pieces = [message[i:i + 70001] for i in range(0, len(message), 70001)]
                await ws.send(pieces)

        async def main():
            global done
            done = asyncio.get_running_loop().create_future()
            async with serve(handler, "127.0.0.1", 0, max_size=None) as server:
                print(server.sockets[0].getsockname()[1], flush=True)
                await asyncio.wait_for(done, 60)  # One connection, then exit.

        asyncio.run(main())
        """#

    @Test(
        "WS-STREAM-SEND-DEFLATE, WS-STREAM-DEFLATE: a compressed streamed send decodes in Python websockets; its compressed fragments stream back intact",
        .enabled(if: PythonWebsockets.shouldRun, PythonWebsockets.skipReason))
    func roundTrip() async throws {
        let process = try Subprocess.spawn(["python3", "-c", Self.script], output: .pipe, errors: .null)
        defer {
            // The script exits once its one connection is over (or after 60 s); never wait on a live process.
            process.send(signal: SIGKILL)
            Thread { process.waitForExit() }.start()
        }
        let output = ChildOutput(process.outputDescriptor!)
        // Read on a thread of its own: waiting for an interpreter to start must not hold a cooperative thread.
        let port = try await within(stepLimit, "the Python server's port") { try await onOwnThread { () -> Int in
            Int(output.waitForFirstLine().trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        } }
        #expect(port > 0)
        let configuration = makeConfiguration {
            $0.extensions = [PerMessageDeflate()]
            $0.connection.messageDelivery = .streamed(maximumChunkSize: 32 << 10)
            $0.connection.limits.maximumMessageSize = 64 << 20
        }
        let client = try await within(stepLimit, "connecting") {
            try await WebSocket.connect(to: "ws://127.0.0.1:\(port)/", configuration: configuration)
        }
        #expect(client.channel.extensionNames == ["permessage-deflate"])
        let text = String(repeating: "Zürich → Kyōto 🚄, ", count: 60_000)
        let bytes = Array(text.utf8)
        let cut = 10_007
        try await client.send(.text, fragments: FragmentSource(count: (bytes.count + cut - 1) / cut) { index in
            Array(bytes[index * cut..<min((index + 1) * cut, bytes.count)])
        })
        let digest = SHA1.hash(bytes).map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
        let reply = try await within(stepLimit, "the digest") { () -> [UInt8] in
            let stream = try await StreamingAsyncTests.nextStream(client)
            return try await stream.collect()
        }
        #expect(String(decoding: reply, as: UTF8.self) == "text \(bytes.count) \(digest)")
        let echoed = try await within(stepLimit, "the fragmented echo") { () -> (Message.Kind, [[UInt8]]) in
            let stream = try await StreamingAsyncTests.nextStream(client)
            var chunks: [[UInt8]] = []
            var iterator = stream.chunks.makeAsyncIterator()
            while let chunk = try await iterator.next() { chunks.append(chunk) }
            return (stream.kind, chunks)
        }
        #expect(echoed.0 == .text)
        #expect(echoed.1.allSatisfy { $0.count <= 32 << 10 && String(validating: $0, as: UTF8.self) != nil })
        #expect(echoed.1.joined().elementsEqual(bytes))
        try await client.close()
    }
}
