#if TLS
import Foundation
import Testing
import WebSocketIO
import WebSocketTLS

@Suite("TLS certificate files", .timeLimit(.minutes(1)))
struct TLSCertificateFileTests {
    private func serverError(certificate: String, key: String) -> TLSConfigurationError? {
        do {
            _ = try TLSServerSecurity(TLSServerConfiguration(certificateChainFile: certificate, privateKeyFile: key))
            return nil
        } catch {
            return error
        }
    }

    @Test("WS-TLS-CERT-ERRORS: a missing, unreadable, invalid or mismatched file gives a typed error naming the file")
    func fileErrors() throws {
        let pki = TLSTest.pki
        let missing = pki.path("no-such.pem")
        #expect(serverError(certificate: missing, key: pki.serverKey) == .fileMissing(.certificateChain, path: missing))
        #expect(serverError(certificate: pki.serverCert, key: missing) == .fileMissing(.privateKey, path: missing))

        let directory = pki.path("a-directory")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        guard case .fileUnreadable(.certificateChain, directory, _) = serverError(certificate: directory, key: pki.serverKey)
        else {
            Issue.record("a directory is not reported as unreadable")
            return
        }

        let garbage = pki.path("garbage.pem")
        try "not a certificate\n".write(toFile: garbage, atomically: true, encoding: .utf8)
        guard case .fileInvalid(.certificateChain, garbage, _) = serverError(certificate: garbage, key: pki.serverKey),
            case .fileInvalid(.privateKey, garbage, _) = serverError(certificate: pki.serverCert, key: garbage)
        else {
            Issue.record("a file without PEM content is not reported as invalid")
            return
        }

        let mismatch = serverError(certificate: pki.serverCert, key: pki.renewedKey)
        #expect(mismatch == .keyMismatch(certificateChain: pki.serverCert, privateKey: pki.renewedKey))
        #expect(mismatch?.description.contains(pki.renewedKey) == true)
        #expect(mismatch?.description.contains(pki.serverCert) == true)

        #expect(throws: TLSConfigurationError.fileMissing(.certificateAuthorities, path: missing)) {
            try TLSClientSecurity(TLSClientConfiguration(trust: .certificateAuthorities(file: missing)))
        }
        #expect(TLSConfigurationError.fileMissing(.privateKey, path: missing).description == "private key \(missing): no such file")
    }

    @Test("WS-TLS-RELOAD: reload() serves the renewed certificate to new connections; open ones carry on")
    func reload() async throws {
        let pki = TLSTest.pki
        let certificate = pki.path("reload-\(UUID().uuidString).pem")
        let key = pki.path("reload-\(UUID().uuidString).key")
        try FileManager.default.copyItem(atPath: pki.serverCert, toPath: certificate)
        try FileManager.default.copyItem(atPath: pki.serverKey, toPath: key)
        let security = try TLSTest.serverSecurity(certificate: certificate, key: key)
        let server = try TLSTest.startServer(security: security)
        let url = "wss://localhost:\(server.port)/"
        let oldPin = TLSPin.certificateSHA256(try TestPKI.digest(of: pki.serverCert, spki: false))
        let newPin = TLSPin.certificateSHA256(try TestPKI.digest(of: pki.renewedCert, spki: false))

        let before = try await TLSTest.connect(url, security: TLSTest.clientSecurity(pins: [oldPin]))

        // A broken renewal is refused and the old certificate stays.
        try "broken".write(toFile: key, atomically: true, encoding: .utf8)
        #expect(throws: TLSConfigurationError.self) { try security.reload() }
        let stillOld = try await TLSTest.connect(url, security: TLSTest.clientSecurity(pins: [oldPin]))
        try await stillOld.close()

        try FileManager.default.removeItem(atPath: certificate)
        try FileManager.default.removeItem(atPath: key)
        try FileManager.default.copyItem(atPath: pki.renewedCert, toPath: certificate)
        try FileManager.default.copyItem(atPath: pki.renewedKey, toPath: key)
        try security.reload()

        let after = try await TLSTest.connect(url, security: TLSTest.clientSecurity(pins: [newPin]))
        #expect(try await TLSTest.roundTrip(after, .text("new")) == .text("new"))
        let oldPinNow = await TLSTest.connectError(url, security: try TLSTest.clientSecurity(pins: [oldPin]))
        #expect(TLSTest.securityReason(oldPinNow) == TLSHandshakeError.pinMismatch.description)
        #expect(try await TLSTest.roundTrip(before, .text("old")) == .text("old"))
        try await before.close()
        try await after.close()
        await server.shutdown()
    }
}
#endif
