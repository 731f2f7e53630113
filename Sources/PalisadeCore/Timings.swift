#if canImport(Glibc)
import Glibc
#endif

/// Nanoseconds on the monotonic clock.
public func monotonicNanoseconds() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}

/// Where a scan's time went, summed over workers (so phases can add up to more than wall time on
/// several cores). Not part of any report: reports are deterministic, timings are not.
public struct PhaseTimings: Sendable {
    /// When the scan began (monotonic), so a caller can tell what its own set-up cost.
    public var started: UInt64 = 0
    public var discover: UInt64 = 0
    public var read: UInt64 = 0
    /// YAML parsing and building the object model.
    public var parse: UInt64 = 0
    /// Running the object rules (and extracting facts).
    public var evaluate: UInt64 = 0
    /// Joining the facts and running the estate rules.
    public var estate: UInt64 = 0
    /// Of `estate`: reading the Terraform, plans and templates into cloud models, and the cloud rules.
    public var cloudLoad: UInt64 = 0
    public var cloudRules: UInt64 = 0
    /// Building the attack graph and ranking findings by it.
    public var graph: UInt64 = 0
    /// Merging and sorting the workers' results.
    public var merge: UInt64 = 0

    public init() {}

    public mutating func add(_ other: PhaseTimings) {
        discover += other.discover
        read += other.read
        parse += other.parse
        evaluate += other.evaluate
        estate += other.estate
        cloudLoad += other.cloudLoad
        cloudRules += other.cloudRules
        graph += other.graph
        merge += other.merge
    }
}
