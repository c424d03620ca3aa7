import Foundation
import WebSocketProperties

/// The `Vectors/` folder of the package, read with Foundation for the vector-backed properties of `ws fuzz`.
struct VectorDirectory: VectorFileReader {
    /// The folder.
    let url: URL

    var location: String { url.path }

    func decode<T: Decodable>(_ type: T.Type, fromFile name: String) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(contentsOf: url.appendingPathComponent(name)))
    }

    /// The folder `given` (by `--vectors`), or else the first `Vectors/` holding the vector files in the current
    /// directory or one of its parents (so `ws fuzz` finds it from the package root or below). Nil if none.
    static func locate(given: String?) -> VectorDirectory? {
        if let given { return VectorDirectory(url: URL(fileURLWithPath: given, isDirectory: true)) }
        var directory = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        while true {
            let candidate = directory.appendingPathComponent("Vectors", isDirectory: true)
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent(TestVectors.fileNames[0]).path) {
                return VectorDirectory(url: candidate)
            }
            let parent = directory.deletingLastPathComponent()
            if parent.path == directory.path { return nil }
            directory = parent
        }
    }
}
