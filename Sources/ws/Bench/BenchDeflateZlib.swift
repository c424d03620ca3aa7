import Foundation

/// zlib as `ws bench deflate` measures it: Python's `zlib` module in a `python3` subprocess, on the same messages
/// (written to a temporary file), compressing and decompressing them the way permessage-deflate does (one raw
/// stream, a sync flush per message, the tail removed and appended again).
struct BenchZlib {
    /// What one zlib run measured.
    struct Result: Decodable {
        /// zlib's version string.
        var version: String
        /// Total compressed bytes (tails removed).
        var compressed: Int
        /// Best time to compress all messages, in seconds.
        var compressSeconds: Double
        /// Best time to decompress zlib's own output, in seconds.
        var decompressSeconds: Double
    }

    /// Messages as 4-byte big-endian lengths, each followed by its bytes.
    static func encode(_ messages: [[UInt8]]) -> Data {
        var data = Data()
        for message in messages {
            let count = UInt32(message.count)
            data.append(contentsOf: [UInt8(count >> 24), UInt8(count >> 16 & 0xFF), UInt8(count >> 8 & 0xFF), UInt8(count & 0xFF)])
            data.append(contentsOf: message)
        }
        return data
    }

    /// The messages of `encode`'s format.
    static func decode(_ data: Data) -> [[UInt8]] {
        let bytes = [UInt8](data)
        var messages: [[UInt8]] = []
        var index = 0
        while index + 4 <= bytes.count {
            let count = Int(bytes[index]) << 24 | Int(bytes[index + 1]) << 16 | Int(bytes[index + 2]) << 8 | Int(bytes[index + 3])
            index += 4
            messages.append(Array(bytes[index..<min(index + count, bytes.count)]))
            index += count
        }
        return messages
    }

    /// Runs zlib on `messages` at `level` with a 2^15 window, resetting per message unless `contextTakeover`.
    /// Returns its measurements and its compressed messages (tails removed), or nil when python3 is missing or
    /// fails.
    static func run(
        _ messages: [[UInt8]], level: Int, contextTakeover: Bool, repetitions: Int
    ) -> (result: Result, compressed: [[UInt8]])? {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("ws-bench-deflate-\(ProcessInfo.processInfo.processIdentifier)")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("plain.bin")
        let output = directory.appendingPathComponent("zlib.bin")
        guard (try? encode(messages).write(to: input)) != nil else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", "-c", script, input.path, output.path, String(repetitions), String(level),
            contextTakeover ? "1" : "0",
        ]
        let pipe = Pipe()
        process.standardOutput = pipe
        do { try process.run() } catch { return nil }
        let text = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0, let result = try? JSONDecoder().decode(Result.self, from: text),
            let compressed = try? Data(contentsOf: output)
        else { return nil }
        return (result, decode(compressed))
    }

    /// The Python side: compress (best of N), decompress zlib's output (best of N), write the compressed messages.
    static let script = """
        import json, struct, sys, time, zlib
        src, dst, reps, level, takeover = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5] == "1"
        data, msgs, i = open(src, "rb").read(), [], 0
        while i < len(data):
            n = struct.unpack(">I", data[i:i + 4])[0]; msgs.append(data[i + 4:i + 4 + n]); i += 4 + n
        best_c = best_d = float("inf")
        for _ in range(reps):
            t = time.perf_counter()
            c, out = zlib.compressobj(level, zlib.DEFLATED, -15), []
            for m in msgs:
                if not takeover: c = zlib.compressobj(level, zlib.DEFLATED, -15)
                out.append(c.compress(m) + c.flush(zlib.Z_SYNC_FLUSH))
            best_c = min(best_c, time.perf_counter() - t)
        comp = [o[:-4] for o in out]
        tail = b"\\x00\\x00\\xff\\xff"
        for _ in range(reps):
            t = time.perf_counter()
            d = zlib.decompressobj(-15)
            for m, o in zip(msgs, comp):
                if not takeover: d = zlib.decompressobj(-15)
                if len(d.decompress(o + tail)) != len(m): raise SystemExit("zlib round trip failed")
            best_d = min(best_d, time.perf_counter() - t)
        with open(dst, "wb") as f:
            for o in comp: f.write(struct.pack(">I", len(o))); f.write(o)
        print(json.dumps({"version": zlib.ZLIB_RUNTIME_VERSION, "compressed": sum(map(len, comp)),
                          "compressSeconds": best_c, "decompressSeconds": best_d}))
        """
}
