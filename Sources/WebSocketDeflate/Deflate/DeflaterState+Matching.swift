extension DeflaterState {
    /// Turns input into symbols while more than `minimumLookahead` bytes remain (all of them when `flush`),
    /// writing a block to `output` whenever the symbol buffer fills.
    func compress(flush: Bool, into output: inout [UInt8]) {
        let reserve = flush ? 1 : DeflateGeometry.minimumLookahead
        while lookahead >= reserve {
            if parameters.lazy {
                matchLazily(reserve: reserve)
            } else {
                matchGreedily(reserve: reserve)
            }
            if symbolCount >= geometry.symbolCapacity - 1 { writeBlock(into: &output) }
        }
        if flush && matchAvailable {
            appendLiteral(at: position - 1)
            matchAvailable = false
        }
    }

    @inline(__always)
    private func appendLiteral(at index: Int) {
        symbols[symbolCount] = UInt32(window[index])
        symbolCount += 1
        symbolEnd = index + 1
    }

    /// Greedy matching (levels 1–3): take the longest match found at each position. Runs until the symbol
    /// buffer is full or fewer than `reserve` bytes remain.
    private func matchGreedily(reserve: Int) {
        let window = window, head = head, prev = prev, symbols = symbols
        let hashBits = geometry.hashBits
        let windowMask = geometry.windowSize - 1
        let maximumDistance = geometry.maximumDistance
        let parameters = parameters
        let symbolLimit = geometry.symbolCapacity - 1
        var position = position
        var lookahead = lookahead
        var count = symbolCount
        defer {
            self.position = position
            self.lookahead = lookahead
            symbolCount = count
            symbolEnd = position
        }
        while lookahead >= reserve && count < symbolLimit {
            var length = 0
            var start = 0
            if lookahead >= DeflateFormat.minimumMatch {
                let hash = HashChains.hash(window + position, bits: hashBits)
                let candidate = Int(head[hash])
                prev[position & windowMask] = UInt16(truncatingIfNeeded: candidate)
                head[hash] = UInt16(truncatingIfNeeded: position)
                let limit = max(position - maximumDistance - 1, 0)
                if candidate > limit {
                    (length, start) = HashChains.longestMatch(
                        window: window, prev: prev, windowMask: windowMask, current: position,
                        candidate: candidate, best: DeflateFormat.minimumMatch - 1, bestStart: 0,
                        maximumLength: min(DeflateFormat.maximumMatch, lookahead),
                        niceLength: parameters.niceLength, limit: limit, chainLength: parameters.chainLength)
                }
            }
            if length >= DeflateFormat.minimumMatch {
                symbols[count] = UInt32(truncatingIfNeeded: (position - start) << 16 | (length - 3))
                count += 1
                lookahead -= length
                if length <= parameters.lazyLength && lookahead >= DeflateFormat.minimumMatch {
                    // Index the positions inside the match too (all have 3 bytes after them: lookahead >= 3).
                    for inside in position + 1..<position + length {
                        let hash = HashChains.hash(window + inside, bits: hashBits)
                        prev[inside & windowMask] = head[hash]
                        head[hash] = UInt16(truncatingIfNeeded: inside)
                    }
                }
                position += length
            } else {
                symbols[count] = UInt32(window[position])
                count += 1
                position += 1
                lookahead -= 1
            }
        }
    }

    /// Lazy matching (levels 4–9): a match found at one position is taken only if the next position has no
    /// longer one; otherwise its first byte becomes a literal. Runs until the symbol buffer is full or fewer
    /// than `reserve` bytes remain.
    private func matchLazily(reserve: Int) {
        let window = window, head = head, prev = prev, symbols = symbols
        let hashBits = geometry.hashBits
        let windowMask = geometry.windowSize - 1
        let maximumDistance = geometry.maximumDistance
        let parameters = parameters
        let symbolLimit = geometry.symbolCapacity - 1
        let tooFar = 4096
        var position = position
        var lookahead = lookahead
        var count = symbolCount
        var matchAvailable = matchAvailable
        var matchLength = matchLength
        var matchStart = matchStart
        var symbolEnd = symbolEnd
        defer {
            self.position = position
            self.lookahead = lookahead
            symbolCount = count
            self.matchAvailable = matchAvailable
            self.matchLength = matchLength
            self.matchStart = matchStart
            self.symbolEnd = symbolEnd
        }
        while lookahead >= reserve && count < symbolLimit {
            var candidate = 0
            if lookahead >= DeflateFormat.minimumMatch {
                let hash = HashChains.hash(window + position, bits: hashBits)
                candidate = Int(head[hash])
                prev[position & windowMask] = UInt16(truncatingIfNeeded: candidate)
                head[hash] = UInt16(truncatingIfNeeded: position)
            }
            let previousLength = matchLength
            let previousStart = matchStart
            matchLength = DeflateFormat.minimumMatch - 1
            let limit = max(position - maximumDistance - 1, 0)
            if candidate > limit && previousLength < parameters.lazyLength {
                let chain =
                    previousLength >= parameters.goodLength ? parameters.chainLength >> 2 : parameters.chainLength
                (matchLength, matchStart) = HashChains.longestMatch(
                    window: window, prev: prev, windowMask: windowMask, current: position, candidate: candidate,
                    best: max(previousLength, DeflateFormat.minimumMatch - 1), bestStart: matchStart,
                    maximumLength: min(DeflateFormat.maximumMatch, lookahead),
                    niceLength: parameters.niceLength, limit: limit, chainLength: chain)
                if matchLength == previousLength {
                    matchLength = DeflateFormat.minimumMatch - 1
                } else if matchLength == DeflateFormat.minimumMatch && position - matchStart > tooFar {
                    matchLength = DeflateFormat.minimumMatch - 1
                }
            }
            if previousLength >= DeflateFormat.minimumMatch && matchLength <= previousLength {
                // Take the previous position's match; index the positions it covers.
                let matchPosition = position - 1
                symbols[count] = UInt32(
                    truncatingIfNeeded: (matchPosition - previousStart) << 16 | (previousLength - 3))
                count += 1
                let end = matchPosition + previousLength
                let lastHashed = position + lookahead - DeflateFormat.minimumMatch
                var inside = position + 1
                while inside < end {
                    if inside <= lastHashed {
                        let hash = HashChains.hash(window + inside, bits: hashBits)
                        prev[inside & windowMask] = head[hash]
                        head[hash] = UInt16(truncatingIfNeeded: inside)
                    }
                    inside += 1
                }
                lookahead -= end - position
                position = end
                symbolEnd = end
                matchAvailable = false
                matchLength = DeflateFormat.minimumMatch - 1
            } else if matchAvailable {
                symbols[count] = UInt32(window[position - 1])
                count += 1
                symbolEnd = position
                position += 1
                lookahead -= 1
            } else {
                matchAvailable = true
                position += 1
                lookahead -= 1
            }
        }
    }
}
