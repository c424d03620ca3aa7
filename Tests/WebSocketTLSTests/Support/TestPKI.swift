#if TLS
import Foundation
import PackageTestSupport
import WebSocketTLS

/// A throwaway PKI made with the `openssl` command in a temporary directory, once per test run (no key is
/// committed): a CA, a server certificate for localhost/127.0.0.1 signed by it, a second one (for reload), one
/// for another host, an expired one, and an unrelated CA.
struct TestPKI: Sendable {
    let directory: String
    var ca: String { path("ca.pem") }
    var otherCA: String { path("other-ca.pem") }
    var serverCert: String { path("server.pem") }
    var serverKey: String { path("server.key") }
    var renewedCert: String { path("renewed.pem") }
    var renewedKey: String { path("renewed.key") }
    var wrongHostCert: String { path("wrong-host.pem") }
    var expiredCert: String { path("expired.pem") }
    /// The key of the wrong-host and expired certificates.
    var sharedKey: String { path("shared.key") }

    func path(_ name: String) -> String { directory + "/" + name }

    /// The run's PKI (generated on first use).
    static let shared: TestPKI = {
        do {
            return try TestPKI()
        } catch {
            fatalError("cannot generate the test certificates with openssl: \(error)")
        }
    }()

    struct CommandFailed: Error, CustomStringConvertible {
        let description: String
    }

    private init() throws {
        directory = NSTemporaryDirectory() + "ws-tls-tests-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try makeCA("ca", name: "WebSocketTLS Test CA")
        try makeCA("other-ca", name: "Unrelated Test CA")
        try makeKey("server")
        try makeKey("renewed")
        try makeKey("shared")
        try issue("server", key: "server", names: "DNS:localhost,IP:127.0.0.1", days: "2")
        try issue("renewed", key: "renewed", names: "DNS:localhost,IP:127.0.0.1", days: "2")
        try issue("wrong-host", key: "shared", names: "DNS:other.example", days: "2")
        try issue("expired", key: "shared", names: "DNS:localhost,IP:127.0.0.1", days: "-1")
    }

    private func makeKey(_ name: String) throws {
        try Self.openssl(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", path("\(name).key")])
    }

    private func makeCA(_ name: String, name subject: String) throws {
        try makeKey(name)
        try Self.openssl([
            "req", "-x509", "-new", "-key", path("\(name).key"), "-out", path("\(name).pem"), "-days", "2",
            "-subj", "/CN=\(subject)", "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        ])
    }

    /// A certificate for `names` (subjectAltName) signed by the CA; `days` may be negative (already expired).
    private func issue(_ name: String, key: String, names: String, days: String) throws {
        let extensions = path("\(name).ext")
        try "subjectAltName=\(names)\nextendedKeyUsage=serverAuth\n".write(toFile: extensions, atomically: true, encoding: .utf8)
        try Self.openssl(["req", "-new", "-key", path("\(key).key"), "-subj", "/CN=\(name)", "-out", path("\(name).csr")])
        try Self.openssl([
            "x509", "-req", "-in", path("\(name).csr"), "-CA", ca, "-CAkey", path("ca.key"), "-CAcreateserial",
            "-days", days, "-extfile", extensions, "-out", path("\(name).pem"),
        ])
    }

    /// Runs `openssl` with `arguments`; returns its standard output, or throws with its standard error.
    @discardableResult
    static func openssl(_ arguments: [String], input: Data? = nil) throws -> Data {
        let result = try run(arguments, input: input)
        guard result.status == 0 else {
            throw CommandFailed(description: "openssl \(arguments.joined(separator: " ")): \(String(decoding: result.errors, as: UTF8.self))")
        }
        return result.output
    }

    /// Runs `openssl` with `arguments` and `input` on standard input; returns the exit status and both outputs.
    static func run(_ arguments: [String], input: Data? = nil) throws -> (status: Int32, output: Data, errors: Data) {
        let result = try Subprocess.run(["openssl"] + arguments, input: input.map { [UInt8]($0) })
        return (result.status, Data(result.output), Data(result.errors))
    }

    /// SHA-256 of a certificate's DER (`spki: true`: of its SubjectPublicKeyInfo DER), via the openssl command.
    static func digest(of certificate: String, spki: Bool) throws -> [UInt8] {
        let der: Data
        if spki {
            let pem = try openssl(["x509", "-in", certificate, "-pubkey", "-noout"])
            der = try openssl(["pkey", "-pubin", "-outform", "DER"], input: pem)
        } else {
            der = try openssl(["x509", "-in", certificate, "-outform", "DER"])
        }
        let hex = try openssl(["dgst", "-sha256", "-r"], input: der)
        guard let digest = TLSPin.hexDigest(String(decoding: hex.prefix(64), as: UTF8.self)) else {
            throw CommandFailed(description: "openssl dgst printed no SHA-256")
        }
        return digest
    }
}
#endif
