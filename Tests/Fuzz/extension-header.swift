// libFuzzer entry for the `extension-header` target; compiled by .ci/fuzz.sh only (not part of the package).
import WebSocketFuzzTargets

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    do {
        try FuzzTarget(rawValue: "extension-header")!.run(UnsafeRawBufferPointer(start: data, count: size))
    } catch {
        fatalError("extension-header: \(error)")
    }
    return 0
}
