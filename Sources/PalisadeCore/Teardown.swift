import Synchronization

/// Freeing what a scan built (cloud models, the estate, the attack graph: hundreds of thousands
/// of small objects on a large tree) takes tens of milliseconds of one core, at the end of the
/// run, when the process is about to exit and the system takes the memory back in one step. The
/// command-line tool says so once (`skipAtExit()`); a scan then hands what it drops to `drop`,
/// which keeps it until the process ends. A library user, or a test, frees as usual.
public enum Teardown {
    private static let skipping = Atomic<Bool>(false)
    private static let kept = Mutex<[any Sendable]>([])

    /// For a process that exits right after its work: values dropped from now on are never freed.
    public static func skipAtExit() { skipping.store(true, ordering: .relaxed) }

    /// Lets go of `value`: freed now, or, after `skipAtExit()`, when the process exits.
    public static func drop(_ value: some Sendable) {
        guard skipping.load(ordering: .relaxed) else { return }
        kept.withLock { $0.append(value) }
    }
}
