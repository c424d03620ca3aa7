import Foundation

/// `Vectors/deflate-zlib.json`: raw DEFLATE streams from zlib and the RFC 7692 examples.
struct DeflateVectorFile: Decodable {
    var source: String
    var generator: String
    var cases: [DeflateVectorCase]

    /// The file's contents.
    static func load() throws -> DeflateVectorFile { try PackageFiles.vectorJSON("deflate-zlib.json") }
}

/// One sequence of messages through one compressor.
struct DeflateVectorCase: Decodable {
    var name: String
    var windowBits: Int
    var contextTakeover: Bool
    var messages: [DeflateVectorMessage]
}

/// One message: its compressed payload (tail removed), how it was fragmented, and the original bytes.
struct DeflateVectorMessage: Decodable {
    var compressed: String
    var fragments: [String]?
    var plain: String
}
