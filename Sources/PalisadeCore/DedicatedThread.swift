#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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

    /// Starts `body`; `stackSize` in bytes, or the system's default.
    public init(stackSize: Int? = nil, _ body: @escaping @Sendable () -> Void) {
        self.body = body
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        if let stackSize { pthread_attr_setstacksize(&attributes, stackSize) }
        let context = Unmanaged.passRetained(self).toOpaque()
        let status = pthread_create(&thread, &attributes, { context in
            let me = Unmanaged<DedicatedThread>.fromOpaque(context!).takeRetainedValue()
            me.body()
            return nil
        }, context)
        if status != 0 {
            // No thread to be had: run the work here rather than lose it.
            Unmanaged<DedicatedThread>.fromOpaque(context).release()
            body()
            joined = true
        }
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

    /// Runs `body` on a thread of its own with a stack of `stackSize` bytes, and waits for it.
    public static func run<T>(stackSize: Int, _ body: () -> T) -> T {
        withoutActuallyEscaping(body) { body in
            let job = Job(body)
            DedicatedThread(stackSize: stackSize) { job.run() }.join()
            return job.result!
        }
    }

    /// The work and its result, handed to the thread; only one thread touches it at a time.
    private final class Job<T>: @unchecked Sendable {
        let body: () -> T
        var result: T?
        init(_ body: @escaping () -> T) { self.body = body }
        func run() { result = body() }
    }
}
