// libFuzzer entry for the `client-handshake` target; compiled by .ci/fuzz.sh only (not part of the package).
import WebSocketFuzzTargets

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    do {
        try FuzzTarget(rawValue: "client-handshake")!.run(UnsafeRawBufferPointer(start: data, count: size))
    } catch {
        fatalError("client-handshake: \(error)")
    }
    return 0
}
