// libFuzzer entry for the `deflate-roundtrip` target; compiled by .ci/fuzz.sh only (not part of the package).
import WebSocketFuzzTargets

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    do {
        try FuzzTarget(rawValue: "deflate-roundtrip")!.run(UnsafeRawBufferPointer(start: data, count: size))
    } catch {
        fatalError("deflate-roundtrip: \(error)")
    }
    return 0
}
