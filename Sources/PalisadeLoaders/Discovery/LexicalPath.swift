/// Paths as text, never resolved through the file system: module folders (`TerraformPaths`) and
/// the resources an overlay lists (`Discovery`).
enum LexicalPath {
    /// Removes `.` and empty segments and folds `..` into the segment before it where there is
    /// one. On the UTF-8 bytes (`/` and `.` are ASCII): every module call of a Terraform tree is
    /// normalised, and `String.split` pays for grapheme breaking it does not need here.
    static func normalise(_ path: String) -> String {
        var utf8 = Substring(path).utf8
        if utf8.isEmpty { return "." }
        let absolute = utf8.first == 0x2F
        var parts: [Substring.UTF8View] = []
        while !utf8.isEmpty {
            let end = utf8.firstIndex(of: 0x2F) ?? utf8.endIndex
            let segment = utf8[utf8.startIndex..<end]
            utf8 = end == utf8.endIndex ? utf8[end...] : utf8[utf8.index(after: end)...]
            if segment.isEmpty || segment.elementsEqual([0x2E]) { continue }
            if segment.elementsEqual([0x2E, 0x2E]), let last = parts.last, !last.elementsEqual([0x2E, 0x2E]) {
                parts.removeLast()
                continue
            }
            parts.append(Substring(segment).utf8)
        }
        var bytes: [UInt8] = absolute ? [0x2F] : []
        for (k, part) in parts.enumerated() {
            if k > 0 { bytes.append(0x2F) }
            bytes += part
        }
        if bytes.isEmpty { return "." }
        return String(decoding: bytes, as: UTF8.self)
    }
}
