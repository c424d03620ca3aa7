#if TLS
import Foundation
import PackageTestSupport

/// `openssl s_client` as a second, independent TLS client.
enum OpenSSLClient {
    /// Connects to 127.0.0.1:`port` with extra `options`, completes the handshake (or not) and hangs up; runs off the
    /// cooperative pool.
    static func handshake(port: Int, options: [String]) async throws -> (succeeded: Bool, output: String) {
        let result = try await ChildProcess.run(
            ["openssl", "s_client", "-connect", "127.0.0.1:\(port)", "-brief", "-CAfile", TestPKI.shared.ca] + options,
            input: Data())
        let text = String(decoding: result.output + result.errors, as: UTF8.self)
        return (result.status == 0 && text.contains("CONNECTION ESTABLISHED"), text)
    }
}
#endif
