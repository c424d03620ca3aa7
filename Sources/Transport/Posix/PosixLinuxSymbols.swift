#if os(Linux)
import Glibc

/// Linux calls that Swift's `Glibc` module does not import (they need `_GNU_SOURCE` or headers outside the module
/// map). They are looked up once with `dlsym` in the already loaded C library, so no C shim target is needed.
enum PosixLinuxSymbols {
    typealias EpollCreate1 = @convention(c) (Int32) -> Int32
    typealias EpollCtl = @convention(c) (Int32, Int32, Int32, UnsafeMutableRawPointer?) -> Int32
    typealias EpollWait = @convention(c) (Int32, UnsafeMutableRawPointer?, Int32, Int32) -> Int32
    typealias EventFD = @convention(c) (UInt32, Int32) -> Int32
    typealias Accept4 = @convention(c) (Int32, UnsafeMutablePointer<sockaddr>?, UnsafeMutablePointer<socklen_t>?, Int32) -> Int32
    typealias SchedGetAffinity = @convention(c) (pid_t, Int, UnsafeMutableRawPointer?) -> Int32
    typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
    typealias MallocTrim = @convention(c) (Int) -> Int32

    static let epollCreate1: EpollCreate1 = symbol("epoll_create1")
    static let epollCtl: EpollCtl = symbol("epoll_ctl")
    static let epollWait: EpollWait = symbol("epoll_wait")
    static let eventFD: EventFD = symbol("eventfd")
    static let accept4: Accept4 = symbol("accept4")
    static let schedGetAffinity: SchedGetAffinity? = optionalSymbol("sched_getaffinity")
    /// glibc's `mallopt` (absent from other C libraries, such as musl).
    static let mallopt: Mallopt? = optionalSymbol("mallopt")
    /// glibc's `malloc_trim`.
    static let mallocTrim: MallocTrim? = optionalSymbol("malloc_trim")

    // Values from <sys/epoll.h> and <sys/eventfd.h>; identical on all Linux architectures Swift supports.
    static let epollIn: UInt32 = 0x001
    static let epollOut: UInt32 = 0x004
    static let epollErr: UInt32 = 0x008
    static let epollHup: UInt32 = 0x010
    static let epollCtlAdd: Int32 = 1
    static let epollCtlDel: Int32 = 2
    static let epollCtlMod: Int32 = 3

    /// `struct epoll_event` is packed (12 bytes) on x86_64 and naturally aligned (16 bytes) elsewhere.
    #if arch(x86_64)
    static let epollEventSize = 12
    static let epollDataOffset = 4
    #else
    static let epollEventSize = 16
    static let epollDataOffset = 8
    #endif

    private static func optionalSymbol<T>(_ name: String) -> T? {
        guard let pointer = dlsym(nil, name) else { return nil }
        return unsafeBitCast(pointer, to: T.self)
    }

    private static func symbol<T>(_ name: String) -> T {
        guard let function: T = optionalSymbol(name) else {
            fatalError("Transport: the C library does not provide \(name)")
        }
        return function
    }
}
#endif
