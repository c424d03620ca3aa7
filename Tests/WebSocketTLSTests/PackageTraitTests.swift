import Foundation
import Testing

// Runs in every build (with or without the TLS trait): the package keeps TLS optional.
@Suite("TLS trait")
struct PackageTraitTests {
    @Test("WS-TLS-TRAIT-OPTIONAL: TLS is an opt-in trait; OpenSSL is reached only through trait-conditional dependencies")
    func traitIsOptional() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let manifest = try String(contentsOf: root.appendingPathComponent("Package.swift"), encoding: .utf8)
        #expect(manifest.contains(".trait(name: \"TLS\""))
        #expect(!manifest.contains("default: [\"TLS\"]") && !manifest.contains("enabledTraits: [\"TLS\"]"))
        // Every dependency on COpenSSL or WebSocketTLS carries the trait condition.
        for target in ["COpenSSL", "WebSocketTLS"] {
            let mentions = manifest.components(separatedBy: "name: \"\(target)\"").dropFirst()
            for mention in mentions where !mention.hasPrefix(",\n") && !mention.hasPrefix(", pkgConfig") && !mention.hasPrefix(", targets") {
                #expect(mention.hasPrefix(", condition: .when(traits: [\"TLS\"])"), "unconditional dependency on \(target)")
            }
        }
    }
}
