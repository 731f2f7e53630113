/// What changed in a repository since a commit, by project path, for `palisade scan --changed-since`:
/// only findings on objects whose lines a change touches are kept.
public struct ChangeSet: Sendable, Equatable {
    /// One hunk of `git diff -U0`, on the new side: `count` lines from `start`, or, when `count` is 0,
    /// lines deleted between `start` and `start + 1`.
    public struct Hunk: Sendable, Equatable {
        public var start: Int
        public var count: Int

        public init(start: Int, count: Int) {
            self.start = start
            self.count = count
        }

        /// Whether the hunk touches `lines`: added or changed lines inside them, or a deletion
        /// right inside or at either edge of them (a deletion has no lines of its own, so it counts
        /// for the lines on both sides of it).
        public func touches(_ lines: ClosedRange<Int>) -> Bool {
            if count > 0 { return lines.overlaps(start...(start + count - 1)) }
            return lines.contains(start) || lines.contains(start + 1)
        }
    }

    public enum Change: Sendable, Equatable {
        /// A file git did not have at the commit (untracked, or added since): all of it is new.
        case whole
        case hunks([Hunk])
    }

    /// Changed files by project path.
    public var files: [String: Change]

    public init(files: [String: Change] = [:]) {
        self.files = files
    }

    /// Whether a change touches the object: its file is new, or a hunk meets its lines (an object
    /// whose lines are unknown counts when its file changed at all).
    public func touches(_ object: ObjectRef) -> Bool {
        switch files[object.projectPath] {
        case nil: return false
        case .whole: return true
        case .hunks(let hunks):
            guard let lines = object.lines else { return !hunks.isEmpty }
            return hunks.contains { $0.touches(lines) }
        }
    }
}

extension ScanResult {
    /// Keeps only the findings on objects `changes` touches, object and estate findings alike
    /// (an estate finding is on the object it names). Diagnostics are kept: they are about input.
    public mutating func keepChanged(_ changes: ChangeSet) {
        var last: (object: ObjectRef, keep: Bool)?
        findings.removeAll { f in
            if let last, last.object === f.object { return !last.keep }
            let keep = changes.touches(f.object)
            last = (f.object, keep)
            return !keep
        }
    }
}
