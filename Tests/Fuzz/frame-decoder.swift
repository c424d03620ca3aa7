// libFuzzer entry for the `frame-decoder` target; compiled by .ci/fuzz.sh only (not part of the package).
import WebSocketFuzzTargets

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    do {
        try FuzzTarget(rawValue: "frame-decoder")!.run(UnsafeRawBufferPointer(start: data, count: size))
    } catch {
        fatalError("frame-decoder: \(error)")
    }
    return 0
}
