import Dispatch
@testable import PalisadeEngine
import Synchronization
import Testing

@Suite("Work queue")
struct WorkQueueTests {
    @Test("Every item reaches exactly one consumer, with a tiny capacity and more consumers than cores")
    func delivery() {
        let queue = WorkQueue<Int>(capacity: 4)
        let seen = Mutex<[Int]>([])
        let consumers = 3
        let group = DispatchGroup()
        for _ in 0..<consumers {
            DispatchQueue.global().async(group: group) {
                var mine: [Int] = []
                while let item = queue.take() { mine.append(item) }
                seen.withLock { $0 += mine }
            }
        }
        for i in 0..<10_000 { queue.put(i) }
        queue.close(consumers: consumers)
        group.wait()
        #expect(seen.withLock { $0.sorted() } == Array(0..<10_000))
        #expect(queue.produced == 10_000)
    }
}
