#if canImport(Glibc)
import Glibc
#endif

/// A thread of its own (not one from a pool), for work that must make progress whatever the pools
/// are doing: the discovery walk feeding the workers.
final class DedicatedThread: @unchecked Sendable {
    private var thread = pthread_t()
    private var joined = false
    private let body: @Sendable () -> Void

    init(_ body: @escaping @Sendable () -> Void) {
        self.body = body
        let context = Unmanaged.passRetained(self).toOpaque()
        let status = pthread_create(&thread, nil, { context in
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
    func join() {
        guard !joined else { return }
        pthread_join(thread, nil)
        joined = true
    }
}
