import Dispatch
import Synchronization

/// A bounded queue between the discovery walk (one producer) and the workers: the walk never runs
/// far ahead, so memory does not grow with the number of files, and workers start at once.
final class WorkQueue<Item: Sendable>: Sendable {
    private struct State {
        var items: [Item?] = []
        var head = 0
        var produced = 0
        var producerWaiting = false
        var count: Int { items.count - head }
    }

    private let state = Mutex(State())
    private let available = DispatchSemaphore(value: 0)
    private let space = DispatchSemaphore(value: 0)
    private let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// Adds an item. When the queue is full the producer sleeps until it is half empty, so it wakes
    /// once per half-queue rather than once per item.
    func put(_ item: Item) {
        let full = state.withLock { s in
            s.items.append(item)
            s.produced += 1
            if s.count >= capacity {
                s.producerWaiting = true
                return true
            }
            return false
        }
        available.signal()
        if full { space.wait() }
    }

    /// No more items: one extra wake-up per consumer, which finds the queue empty and ends.
    func close(consumers: Int) {
        for _ in 0..<consumers { available.signal() }
    }

    /// The next item, or nil once the queue is closed and empty.
    func take() -> Item? {
        available.wait()
        var wake = false
        let item: Item? = state.withLock { s in
            guard s.head < s.items.count else { return nil }
            let item = s.items[s.head]
            s.items[s.head] = nil
            s.head += 1
            // Compact now and then, so the storage stays the size of the capacity.
            if s.head > 1024 && s.head * 2 > s.items.count {
                s.items.removeFirst(s.head)
                s.head = 0
            }
            if s.producerWaiting && s.count <= capacity / 2 {
                s.producerWaiting = false
                wake = true
            }
            return item
        }
        if wake { space.signal() }
        return item
    }

    /// How many items have been put so far.
    var produced: Int { state.withLock { $0.produced } }
}
