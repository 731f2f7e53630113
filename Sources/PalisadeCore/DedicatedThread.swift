#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// A thread of its own (not one from a pool), for work that must make progress whatever the pools
/// are doing (the discovery walk feeding the workers), or that needs a larger stack than pool
/// threads have (the HCL parser recurses once per nesting level, bounded by `HCLParser.maxDepth`;
/// pool threads may have 512 KiB). A thread costs tens of microseconds, nothing next to a file.
public final class DedicatedThread: @unchecked Sendable {
    #if canImport(Darwin)
    private var thread: pthread_t?
    #else
    private var thread = pthread_t()
    #endif
    private var joined = false
    private let body: @Sendable () -> Void
    private let stackSize: Int

    /// Starts `body`; `stackSize` in bytes, or the system's default.
    public init(stackSize: Int? = nil, _ body: @escaping @Sendable () -> Void) {
        self.body = body
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        if let stackSize { pthread_attr_setstacksize(&attributes, stackSize) }
        var size = 0
        pthread_attr_getstacksize(&attributes, &size)
        self.stackSize = size
        let context = Unmanaged.passRetained(self).toOpaque()
        let status = pthread_create(&thread, &attributes, { context in
            Unmanaged<DedicatedThread>.fromOpaque(context!).takeRetainedValue().start()
            return nil
        }, context)
        if status != 0 {
            // No thread to be had: run the work here rather than lose it.
            Unmanaged<DedicatedThread>.fromOpaque(context).release()
            body()
            joined = true
        }
    }

    /// The thread's first frame: records where its stack ends (less a margin for what ran before
    /// this frame), then runs the body.
    private func start() {
        let limit = Self.stackAddress() - UInt(stackSize) + Self.margin
        pthread_setspecific(Self.limitKey, UnsafeRawPointer(bitPattern: limit))
        body()
    }

    /// Waits for the thread to finish.
    public func join() {
        guard !joined else { return }
        #if canImport(Darwin)
        pthread_join(thread!, nil)
        #else
        pthread_join(thread, nil)
        #endif
        joined = true
    }

    /// Runs `body` with at least `stackSize` bytes of stack, and waits for it: right here when this
    /// is a dedicated thread with that much stack left (a scan worker parsing a file), else on a
    /// thread of its own.
    public static func run<T>(stackSize: Int, _ body: () -> T) -> T {
        if let limit = pthread_getspecific(limitKey).map({ UInt(bitPattern: $0) }) {
            let here = stackAddress()
            if here > limit && here - limit >= UInt(stackSize) { return body() }
        }
        return withoutActuallyEscaping(body) { body in
            let job = Job(body)
            DedicatedThread(stackSize: stackSize) { job.run() }.join()
            return job.result!
        }
    }

    /// Each dedicated thread's lowest usable stack address (a pthread key: no Swift thread-locals).
    private static let limitKey: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    /// Room left below a thread's recorded limit for the guard page and the frames of the C library.
    private static let margin: UInt = 64 << 10

    /// The address of a local: where the calling thread's stack is now.
    @inline(never)
    private static func stackAddress() -> UInt {
        var local = 0
        return withUnsafeMutablePointer(to: &local) { UInt(bitPattern: $0) }
    }

    /// The work and its result, handed to the thread; only one thread touches it at a time.
    private final class Job<T>: @unchecked Sendable {
        let body: () -> T
        var result: T?
        init(_ body: @escaping () -> T) { self.body = body }
        func run() { result = body() }
    }
}

extension DedicatedThread {
    /// `transform` of every element, in order, on `workers` threads of their own (each takes the
    /// next element when it finishes one, so a slow element does not hold up a fixed share).
    public static func map<T: Sendable, R: Sendable>(
        _ items: [T], workers: Int, stackSize: Int? = nil, _ transform: @escaping @Sendable (T) -> R
    ) -> [R] {
        let count = min(max(workers, 1), items.count)
        if count <= 1 && stackSize == nil { return items.map(transform) }
        let results = Results<R>(items.count)
        let next = Atomic<Int>(0)
        let threads = (0..<count).map { _ in
            DedicatedThread(stackSize: stackSize) {
                while true {
                    let i = next.add(1, ordering: .relaxed).oldValue
                    guard i < items.count else { return }
                    results.set(i, transform(items[i]))
                }
            }
        }
        threads.forEach { $0.join() }
        return results.take()
    }

    /// One slot per element, each written by one thread, read once every thread has joined.
    fileprivate final class Results<R>: @unchecked Sendable {
        private let slots: UnsafeMutableBufferPointer<R?>

        init(_ count: Int) {
            slots = .allocate(capacity: count)
            slots.initialize(repeating: nil)
        }

        func set(_ i: Int, _ value: R) { slots[i] = value }

        func take() -> [R] { slots.map { $0! } }

        deinit {
            slots.deinitialize()
            slots.deallocate()
        }
    }
}

extension DedicatedThread {
    /// Work started on a thread of its own, whose result is waited for when needed (the attack
    /// graph, built while the cloud rules run).
    public final class Background<T: Sendable>: Sendable {
        private let result = Results<T>(1)
        private let thread: DedicatedThread

        public init(stackSize: Int? = nil, _ body: @escaping @Sendable () -> T) {
            thread = DedicatedThread(stackSize: stackSize) { [result] in result.set(0, body()) }
        }

        /// Waits for the work and gives its result.
        public func wait() -> T {
            thread.join()
            return result.take()[0]
        }
    }
}
