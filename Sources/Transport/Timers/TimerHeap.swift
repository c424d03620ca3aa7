/// A binary min-heap of timer entries ordered by deadline (then scheduling order), supporting removal of any entry
/// in O(log n) through the index each entry keeps.
struct TimerHeap {
    private var entries: [TimerEntry] = []

    /// Number of pending entries.
    var count: Int { entries.count }

    /// The entry with the earliest deadline.
    var first: TimerEntry? { entries.first }

    /// Adds an entry.
    mutating func insert(_ entry: TimerEntry) {
        entry.heapIndex = entries.count
        entries.append(entry)
        siftUp(entries.count - 1)
    }

    /// Removes and returns the earliest entry.
    mutating func popFirst() -> TimerEntry? {
        guard !entries.isEmpty else { return nil }
        let first = entries[0]
        remove(first)
        return first
    }

    /// Removes `entry` if it is in the heap.
    mutating func remove(_ entry: TimerEntry) {
        let index = entry.heapIndex
        guard index >= 0, index < entries.count, entries[index] === entry else { return }
        let last = entries.count - 1
        if index != last {
            swapAt(index, last)
        }
        entries.removeLast()
        entry.heapIndex = -1
        if index < entries.count {
            siftDown(index)
            siftUp(index)
        }
    }

    /// Removes every entry.
    mutating func removeAll() {
        for entry in entries { entry.heapIndex = -1 }
        entries.removeAll()
    }

    private mutating func swapAt(_ a: Int, _ b: Int) {
        entries.swapAt(a, b)
        entries[a].heapIndex = a
        entries[b].heapIndex = b
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard entries[child].precedes(entries[parent]) else { return }
            swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            guard left < entries.count else { return }
            var smallest = left
            let right = left + 1
            if right < entries.count, entries[right].precedes(entries[left]) { smallest = right }
            guard entries[smallest].precedes(entries[parent]) else { return }
            swapAt(smallest, parent)
            parent = smallest
        }
    }
}
