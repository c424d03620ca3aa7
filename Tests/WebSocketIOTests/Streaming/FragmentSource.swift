/// An async sequence of `count` fragments made on demand by `make` (which may await, e.g. a ping).
struct FragmentSource: AsyncSequence, Sendable {
    typealias Element = [UInt8]
    let count: Int
    let make: @Sendable (Int) async -> [UInt8]

    func makeAsyncIterator() -> Iterator { Iterator(source: self) }

    struct Iterator: AsyncIteratorProtocol {
        let source: FragmentSource
        var index = 0

        mutating func next() async -> [UInt8]? {
            guard index < source.count else { return nil }
            defer { index += 1 }
            return await source.make(index)
        }
    }
}
