/// The header fields of an HTTP head, in order, with case-insensitive lookup by name.
///
/// Repeated fields are kept as separate entries; `values(_:)` returns all of them and `tokens(_:)` splits
/// comma-separated lists across all of them (RFC 9110 §5.3: repeated list fields combine into one list).
public struct HTTPHeaders: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral {
    /// All fields in the order they were received or added.
    public private(set) var fields: [HTTPHeaderField]

    /// No fields.
    public init() {
        fields = []
    }

    /// The given fields, in order.
    public init(_ fields: [HTTPHeaderField]) {
        self.fields = fields
    }

    /// The given (name, value) pairs, in order.
    public init(_ pairs: [(String, String)]) {
        fields = pairs.map { HTTPHeaderField(name: $0.0, value: $0.1) }
    }

    /// Fields from a literal such as `["Origin": "https://example.com"]`, in literal order.
    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(elements)
    }

    /// The number of fields (repeated names count once per occurrence).
    public var count: Int { fields.count }

    /// Whether there are no fields.
    public var isEmpty: Bool { fields.isEmpty }

    /// Appends a field, keeping any existing fields of the same name.
    public mutating func append(name: String, value: String) {
        fields.append(HTTPHeaderField(name: name, value: value))
    }

    /// Removes every field named `name` (case-insensitive).
    public mutating func removeAll(named name: String) {
        fields.removeAll { HTTPSyntax.equalsIgnoringASCIICase($0.name, name) }
    }

    /// Whether any field is named `name` (case-insensitive).
    public func contains(_ name: String) -> Bool {
        fields.contains { HTTPSyntax.equalsIgnoringASCIICase($0.name, name) }
    }

    /// The values of every field named `name` (case-insensitive), in order.
    public func values(_ name: String) -> [String] {
        fields.filter { HTTPSyntax.equalsIgnoringASCIICase($0.name, name) }.map(\.value)
    }

    /// The value of the first field named `name` (case-insensitive), or nil.
    public func first(_ name: String) -> String? {
        fields.first { HTTPSyntax.equalsIgnoringASCIICase($0.name, name) }?.value
    }

    /// All comma-separated elements of every field named `name`, trimmed, with empty elements dropped
    /// (`Connection: keep-alive, Upgrade` gives `["keep-alive", "Upgrade"]`).
    public func tokens(_ name: String) -> [String] {
        values(name).flatMap(HTTPSyntax.listElements)
    }

    /// Whether the comma-separated elements of the fields named `name` include `token` (both case-insensitive).
    public func containsToken(_ token: String, in name: String) -> Bool {
        tokens(name).contains { HTTPSyntax.equalsIgnoringASCIICase($0, token) }
    }

    /// Iterates over the fields in order.
    public func makeIterator() -> IndexingIterator<[HTTPHeaderField]> {
        fields.makeIterator()
    }
}
