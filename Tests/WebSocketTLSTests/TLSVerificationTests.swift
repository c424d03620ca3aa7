#if TLS
import Testing
import WebSocketIO
import WebSocketTLS

@Suite("wss server verification", .timeLimit(.minutes(1)))
struct TLSVerificationTests {
    @Test("WS-TLS-VERIFY-CHAIN: a chain from a CA the client does not trust is refused as untrusted")
    func untrustedCA() async throws {
        let server = try TLSTest.startServer(security: TLSTest.serverSecurity())
        let url = "wss://localhost:\(server.port)/"
        let other = await TLSTest.connectError(url, security: try TLSTest.clientSecurity(trust: .certificateAuthorities(file: TLSTest.pki.otherCA)))
        #expect(TLSTest.securityReason(other)?.hasPrefix("untrusted certificate") == true, "\(String(describing: other))")
        let system = await TLSTest.connectError(url, security: try TLSTest.clientSecurity(trust: .systemDefault))
        #expect(TLSTest.securityReason(system)?.hasPrefix("untrusted certificate") == true, "\(String(describing: system))")
        await server.shutdown()
    }

    @Test("WS-TLS-VERIFY-CHAIN: an expired certificate is refused as expired")
    func expired() async throws {
        let pki = TLSTest.pki
        let server = try TLSTest.startServer(security: TLSTest.serverSecurity(certificate: pki.expiredCert, key: pki.sharedKey))
        let error = await TLSTest.connectError("wss://localhost:\(server.port)/", security: try TLSTest.clientSecurity())
        #expect(TLSTest.securityReason(error) == TLSHandshakeError.certificateExpired.description, "\(String(describing: error))")
        await server.shutdown()
    }

    @Test("WS-TLS-HOSTNAME: a certificate for another host name or address is refused as a host mismatch")
    func wrongHost() async throws {
        let pki = TLSTest.pki
        let server = try TLSTest.startServer(security: TLSTest.serverSecurity(certificate: pki.wrongHostCert, key: pki.sharedKey))
        let byName = await TLSTest.connectError("wss://localhost:\(server.port)/", security: try TLSTest.clientSecurity())
        #expect(TLSTest.securityReason(byName) == TLSHandshakeError.hostNameMismatch("localhost").description, "\(String(describing: byName))")
        let byAddress = await TLSTest.connectError("wss://127.0.0.1:\(server.port)/", security: try TLSTest.clientSecurity())
        #expect(TLSTest.securityReason(byAddress) == TLSHandshakeError.hostNameMismatch("127.0.0.1").description, "\(String(describing: byAddress))")
        await server.shutdown()
    }

    @Test("WS-TLS-PINNING: the leaf's certificate or public-key SHA-256 pin is checked; a wrong pin is refused")
    func pinning() async throws {
        let pki = TLSTest.pki
        let server = try TLSTest.startServer(security: TLSTest.serverSecurity())
        let url = "wss://localhost:\(server.port)/"
        let certificatePin = TLSPin.certificateSHA256(try TestPKI.digest(of: pki.serverCert, spki: false))
        let keyPin = TLSPin.publicKeySHA256(try TestPKI.digest(of: pki.serverCert, spki: true))
        let wrongPin = TLSPin.certificateSHA256(try TestPKI.digest(of: pki.renewedCert, spki: false))
        for pins in [[certificatePin], [keyPin], [wrongPin, keyPin]] {
            let socket = try await TLSTest.connect(url, security: TLSTest.clientSecurity(pins: pins))
            #expect(try await TLSTest.roundTrip(socket, .text("pinned")) == .text("pinned"))
            try await socket.close()
        }
        let refused = await TLSTest.connectError(url, security: try TLSTest.clientSecurity(pins: [wrongPin]))
        #expect(TLSTest.securityReason(refused) == TLSHandshakeError.pinMismatch.description, "\(String(describing: refused))")

        // Pinned-only trust: no CA needed, the pin alone decides.
        let pinnedOnly = try await TLSTest.connect(url, security: TLSTest.clientSecurity(trust: .pinnedOnly, pins: [keyPin]))
        try await pinnedOnly.close()
        let pinnedOnlyWrong = await TLSTest.connectError(url, security: try TLSTest.clientSecurity(trust: .pinnedOnly, pins: [wrongPin]))
        #expect(TLSTest.securityReason(pinnedOnlyWrong) == TLSHandshakeError.pinMismatch.description)
        #expect(throws: TLSConfigurationError.noPins) { try TLSTest.clientSecurity(trust: .pinnedOnly) }
        #expect(TLSPin.hexDigest("AB:" + String(repeating: "0", count: 62)) == [0xAB] + [UInt8](repeating: 0, count: 31))
        #expect(TLSPin.hexDigest("xyz") == nil)
        await server.shutdown()
    }
}

#endif
