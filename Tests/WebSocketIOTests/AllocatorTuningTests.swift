#if os(Linux)
import Glibc
import Testing
import WebSocketIO

@Suite struct AllocatorTuningTests {
    /// Whether `malloc` is glibc's: AddressSanitizer and ThreadSanitizer put their own allocator in its place
    /// (`mallopt` is theirs then, and does nothing), so the behaviour under test does not exist in those runs.
    static let mallocIsGlibcs = dlsym(nil, "__asan_init") == nil && dlsym(nil, "__tsan_init") == nil

    /// This process's resident memory, in bytes (the second number of /proc/self/statm, in pages).
    private func residentBytes() -> Int {
        guard let file = fopen("/proc/self/statm", "r") else { return 0 }
        defer { fclose(file) }
        var line = [CChar](repeating: 0, count: 256)
        guard fgets(&line, Int32(line.count), file) != nil else { return 0 }
        let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let fields = text.split(separator: " ")
        guard fields.count >= 2, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    @Test(
        "WS-IO-ALLOCATOR-RETURN: returnFreeMemory gives free pages between live blocks back to the kernel",
        .enabled(if: mallocIsGlibcs, "a sanitizer's allocator replaces glibc's malloc"))
    func freePagesReturned() {
        // Blocks below the mapping threshold, one in sixteen kept: the heap cannot shrink from its top.
        let size = 60 << 10
        let blocks = (0..<2048).map { _ in UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16) }
        for block in blocks { block.initializeMemory(as: UInt8.self, repeating: 1, count: size) }
        for (index, block) in blocks.enumerated() where index % 16 != 0 { block.deallocate() }
        let before = residentBytes()
        #expect(AllocatorTuning.returnFreeMemory())
        let after = residentBytes()
        #expect(before - after >= 32 << 20, "resident \(before) -> \(after)")
        for (index, block) in blocks.enumerated() where index % 16 == 0 { block.deallocate() }
    }

    /// Minor page faults of the calling thread so far.
    private func threadMinorFaults() -> Int {
        var usage = rusage()
        _ = getrusage(__rusage_who_t(1), &usage)  // RUSAGE_THREAD
        return usage.ru_minflt
    }

    @Test(
        "WS-IO-ALLOCATOR-TUNING: after retainFreedMemory, freed 1 MiB blocks are reused without new page faults",
        .enabled(if: mallocIsGlibcs, "a sanitizer's allocator replaces glibc's malloc"))
    func freedBlocksAreReused() {
        #expect(AllocatorTuning.retainFreedMemory(upTo: 128 << 20))
        let size = 1 << 20
        let live = 32
        let rounds = 8
        // A server's pattern: many message-sized blocks alive at once, then all freed. With glibc's defaults the
        // heap top is trimmed after each round and the next round faults every page in again.
        var before = 0
        for round in 0...rounds {
            if round == 1 { before = threadMinorFaults() }  // the first round grows the heap to its working size
            let blocks = (0..<live).map { _ in UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16) }
            for block in blocks {
                for offset in stride(from: 0, to: size, by: 4096) {
                    block.storeBytes(of: UInt8(truncatingIfNeeded: round), toByteOffset: offset, as: UInt8.self)
                }
            }
            for block in blocks { block.deallocate() }
        }
        let faults = threadMinorFaults() - before
        // Without reuse each round faults in all 256 pages of every block (65,536 faults in all).
        #expect(faults < rounds * live, "\(faults) page faults in \(rounds) rounds")
    }
}
#endif
