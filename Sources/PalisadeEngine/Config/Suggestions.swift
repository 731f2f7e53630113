/// "Did you mean" for mistyped keys and rule ids: the candidates closest by edit distance.
public enum Suggestions {
    /// Up to `limit` candidates within a third of `word`'s length in edits (at least two), closest
    /// first and then by name; also those that contain `word`, so a fragment (`host-pid`) finds
    /// the ids it is part of.
    public static func closest(to word: String, in candidates: [String], limit: Int = 3) -> [String] {
        let budget = max(2, word.count / 3)
        let scored = candidates.compactMap { candidate -> (Int, String)? in
            if candidate.contains(word) { return (0, candidate) }
            let d = distance(word, candidate)
            return d <= budget ? (d, candidate) : nil
        }
        return scored.sorted { $0 < $1 }.prefix(limit).map(\.1)
    }

    /// "; did you mean a, b or c?", or nothing when nothing is close.
    public static func hint(for word: String, in candidates: [String]) -> String {
        let close = closest(to: word, in: candidates)
        guard let last = close.last else { return "" }
        return close.count == 1 ? "; did you mean \(last)?" : "; did you mean \(close.dropLast().joined(separator: ", ")) or \(last)?"
    }

    /// Levenshtein distance over characters, one row at a time.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        var row = Array(0...b.count)
        for i in 1...a.count {
            var previous = row[0]
            row[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                let current = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = current
            }
        }
        return row[b.count]
    }
}
