#if os(Linux)
import Glibc
#endif

/// Process-wide tuning of the C allocator for servers that receive large messages.
///
/// Every received message owns fresh storage (it is handed to the application), so a busy server allocates and
/// frees message-sized blocks all the time. With its default settings glibc's malloc hands blocks above 128 KiB out
/// as separate mappings and gives freed memory back to the kernel eagerly (trimming the heap top, deleting
/// per-thread heaps that fall empty), so the next message lands on pages the kernel must map and zero again: one
/// page fault per 4 KiB, a large part of the cost of echoing 64 KiB and 1 MiB messages. After
/// `retainFreedMemory(upTo:)` freed blocks stay in the allocator and are reused.
///
/// The cost is memory: up to `bytes` of freed memory per malloc arena (glibc keeps one per thread that allocates,
/// up to eight per CPU) stays in the process instead of going back to the system. The library never calls this
/// itself; `ws serve` does by default (`--keep-freed-memory`). It changes only glibc's settings and does nothing
/// with other C libraries or on Darwin.
public enum AllocatorTuning {
    /// The largest block glibc may serve from its heaps instead of a separate mapping (its own upper limit for
    /// `M_MMAP_THRESHOLD` on 64-bit systems); larger blocks are mapped and unmapped each time.
    public static let largestHeapBlock = 32 << 20

    /// Keeps up to `bytes` of freed memory per arena for reuse (glibc's `M_TRIM_THRESHOLD` and `M_TOP_PAD`), and serves
    /// blocks up to `largestHeapBlock` from the heaps (`M_MMAP_THRESHOLD`). Returns whether the allocator accepted
    /// every setting (false without glibc). Call it once, early, before the process starts its threads.
    @discardableResult
    public static func retainFreedMemory(upTo bytes: Int) -> Bool {
        #if os(Linux)
        guard let mallopt = PosixLinuxSymbols.mallopt else { return false }
        let retained = Int32(clamping: max(bytes, 0))
        // Values from glibc's <malloc.h>.
        let trimThreshold: Int32 = -1, topPad: Int32 = -2, mmapThreshold: Int32 = -3
        return mallopt(mmapThreshold, Int32(largestHeapBlock)) == 1
            && mallopt(trimThreshold, retained) == 1
            && mallopt(topPad, min(retained, 64 << 20)) == 1
        #else
        return false
        #endif
    }

    /// Gives the free memory inside the allocator's heaps back to the kernel now (glibc's `malloc_trim(0)`,
    /// which also releases free pages in the middle of a heap), whatever `retainFreedMemory` kept. Freed blocks
    /// between live ones otherwise stay in the process's resident memory: after idle connections released their
    /// per-connection state (compression windows, say), this is what lowers RSS.
    /// It walks every heap under the allocator's locks (milliseconds on a large heap): call it now and then, not per
    /// message. Returns whether any memory was released (false without glibc). `ws serve` calls it after idle
    /// connections released their compression state, at most once per release period.
    @discardableResult
    public static func returnFreeMemory() -> Bool {
        #if os(Linux)
        guard let trim = PosixLinuxSymbols.mallocTrim else { return false }
        return trim(0) == 1
        #else
        return false
        #endif
    }
}
