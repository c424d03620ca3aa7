#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#endif

/// How many CPUs this process may run on.
public enum CPUAffinity {
    /// The number of CPUs in the process's affinity mask (`sched_getaffinity` on Linux, so `taskset -c 0` gives 1),
    /// falling back to the number of online CPUs; always at least 1.
    public static var usableCPUCount: Int {
        #if os(Linux)
        if let getAffinity = PosixLinuxSymbols.schedGetAffinity {
            let byteCount = 1024  // room for 8192 CPUs
            let mask = UnsafeMutableRawBufferPointer.allocate(byteCount: byteCount, alignment: 8)
            defer { mask.deallocate() }
            mask.initializeMemory(as: UInt8.self, repeating: 0)
            if getAffinity(0, byteCount, mask.baseAddress) == 0 {
                let count = mask.reduce(0) { $0 + $1.nonzeroBitCount }
                if count > 0 { return count }
            }
        }
        #endif
        return max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }
}
