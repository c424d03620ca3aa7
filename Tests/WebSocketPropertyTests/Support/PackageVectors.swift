import Foundation
import WebSocketProperties

/// The package's `Vectors/` folder, read for the vector-backed properties.
struct PackageVectors: VectorFileReader {
    var location: String { PackageFiles.root.appendingPathComponent("Vectors").path }

    func decode<T: Decodable>(_ type: T.Type, fromFile name: String) throws -> T {
        try PackageFiles.vectorJSON(name, as: T.self)
    }

    /// The vectors, loaded once.
    static let vectors = TestVectors.load(using: PackageVectors())
}
