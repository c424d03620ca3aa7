// libFuzzer entry for the `resp-parser` target; compiled by .ci/fuzz.sh only (not part of the package).
import WebSocketFuzzTargets

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    do {
        try FuzzTarget(rawValue: "resp-parser")!.run(UnsafeRawBufferPointer(start: data, count: size))
    } catch {
        fatalError("resp-parser: \(error)")
    }
    return 0
}
