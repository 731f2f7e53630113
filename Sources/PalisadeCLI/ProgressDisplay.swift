import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A one-line progress display on standard error: files done, total and rate. Only on a terminal,
/// redrawn at most ten times a second, and erased when the scan ends.
final class ProgressDisplay: Sendable {
    private struct State {
        var lastDraw: UInt64 = 0
        var drawn = false
    }

    private let start: UInt64
    private let state = Mutex(State())

    private init() {
        start = Self.now()
    }

    static func forTerminal(enabled: Bool) -> ProgressDisplay? {
        enabled && isatty(2) == 1 ? ProgressDisplay() : nil
    }

    static func now() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    func update(done: Int, total: Int) {
        let t = Self.now()
        state.withLock { s in
            // Nothing for the first half second: fast scans stay silent.
            guard t - start > 500_000_000, t - s.lastDraw > 100_000_000 else { return }
            s.lastDraw = t
            s.drawn = true
            let seconds = Double(t - start) / 1e9
            let rate = Int(Double(done) / max(seconds, 0.001))
            writeOut("\r\u{1B}[Kscanning: \(done)/\(total) files, \(rate) files/s", to: 2)
        }
    }

    func finish() {
        state.withLock { s in
            if s.drawn { writeOut("\r\u{1B}[K", to: 2) }
        }
    }
}
