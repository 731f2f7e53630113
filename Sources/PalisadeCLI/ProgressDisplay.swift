import PalisadeCore
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A one-line progress display on standard error: files done, total and rate. Only on a terminal,
/// silent for the first half second (fast scans never show it), redrawn at most ten times a second,
/// and erased when the scan ends.
final class ProgressDisplay: Sendable {
    private struct State {
        var lastDraw: UInt64 = 0
        var drawn = false
    }

    private let fd: Int32
    private let delay: UInt64
    private let start: UInt64
    private let state = Mutex(State())

    init(fd: Int32, delayNanoseconds: UInt64 = 500_000_000) {
        self.fd = fd
        self.delay = delayNanoseconds
        self.start = monotonicNanoseconds()
    }

    /// A display on standard error, or nil when it is not a terminal or progress is not wanted.
    static func forTerminal(enabled: Bool) -> ProgressDisplay? {
        enabled && isatty(2) == 1 ? ProgressDisplay(fd: 2) : nil
    }

    func update(done: Int, total: Int) {
        let t = monotonicNanoseconds()
        state.withLock { s in
            guard t - start >= delay, s.lastDraw == 0 || t - s.lastDraw > 100_000_000 else { return }
            s.lastDraw = t
            s.drawn = true
            let seconds = Double(t - start) / 1e9
            let rate = Int(Double(done) / max(seconds, 0.001))
            writeOut("\r\u{1B}[Kscanning: \(done)/\(total) files, \(rate) files/s", to: fd)
        }
    }

    func finish() {
        state.withLock { s in
            if s.drawn { writeOut("\r\u{1B}[K", to: fd) }
        }
    }
}
