extension Array where Element == UInt8 {
    /// Where `needle` first occurs at or after `start`, or nil (an empty needle occurs at `start`).
    /// For the short names and patterns rules compare as bytes, not `String` searches, which go
    /// through the generic collection algorithms and grapheme breaking.
    func firstOccurrence(of needle: [UInt8], from start: Int = 0) -> Int? {
        guard let first = needle.first else { return start }
        var i = start
        while i + needle.count <= count {
            if self[i] == first && self[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }
}
