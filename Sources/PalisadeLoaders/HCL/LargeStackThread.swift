#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs work on a thread of its own with a stack of a chosen size, and waits for it.
///
/// The HCL parser recurses once per nesting level, bounded by `HCLParser.maxDepth`; pool threads
/// (Swift concurrency, Dispatch) may have stacks as small as 512 KB, too small for that bound in a
/// debug build. A fresh thread costs tens of microseconds, nothing next to reading the file.
enum LargeStackThread {
    private final class Job: @unchecked Sendable {
        let work: () -> Void
        init(_ work: @escaping () -> Void) { self.work = work }
    }

    static func run<T>(stackSize: Int, _ body: () -> T) -> T {
        var result: T?
        withoutActuallyEscaping(body) { body in
            let job = Job { result = body() }
            var attributes = pthread_attr_t()
            pthread_attr_init(&attributes)
            defer { pthread_attr_destroy(&attributes) }
            pthread_attr_setstacksize(&attributes, stackSize)
            #if canImport(Darwin)
            var thread: pthread_t?
            #else
            var thread = pthread_t()
            #endif
            let context = Unmanaged.passRetained(job).toOpaque()
            let status = pthread_create(&thread, &attributes, { context in
                let job = Unmanaged<Job>.fromOpaque(context!).takeRetainedValue()
                job.work()
                return nil
            }, context)
            if status == 0 {
                #if canImport(Darwin)
                pthread_join(thread!, nil)
                #else
                pthread_join(thread, nil)
                #endif
            } else {
                // No thread to be had: run here rather than fail.
                Unmanaged<Job>.fromOpaque(context).release()
                job.work()
            }
        }
        return result!
    }
}
