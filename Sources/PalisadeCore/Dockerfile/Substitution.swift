/// Docker's variable substitution (`$NAME`, `${NAME}`, `${NAME:-word}`, `${NAME:+word}`) where
/// every value is statically known. Rules must never report on a guess: when a variable has no
/// known value (an `ARG` without default, a build argument, `TARGETARCH`), the result is nil.
public enum DockerSubstitution {
    /// `text` with its variables replaced through `value` (nil: unknown), or nil when any is
    /// unknown or the syntax is not one Palisade evaluates. `escape` before `$` keeps it literal.
    public static func substitute(_ text: String, escape: Character = "\\", value: (String) -> String?) -> String? {
        guard text.contains("$") else { return text }
        let chars = Array(text)
        var out = ""
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == escape, i + 1 < chars.count, chars[i + 1] == "$" {
                out.append("$")
                i += 2
                continue
            }
            guard c == "$", i + 1 < chars.count else {
                out.append(c)
                i += 1
                continue
            }
            if chars[i + 1] == "{" {
                guard let close = chars[(i + 2)...].firstIndex(of: "}") else { return nil }
                guard let expanded = braced(String(chars[(i + 2)..<close]), value: value) else { return nil }
                out += expanded
                i = close + 1
            } else if isNameStart(chars[i + 1]) {
                var end = i + 1
                while end < chars.count, isNameStart(chars[end]) || chars[end].isASCII && chars[end].isNumber { end += 1 }
                guard let v = value(String(chars[(i + 1)..<end])) else { return nil }
                out += v
                i = end
            } else {
                out.append(c)
                i += 1
            }
        }
        return out
    }

    /// The inside of `${...}`: a name, optionally with `:-`, `-`, `:+` or `+` and a word.
    private static func braced(_ inner: String, value: (String) -> String?) -> String? {
        guard let first = inner.first, isNameStart(first) else { return nil }
        let name = inner.prefix { isNameStart($0) || $0.isASCII && $0.isNumber }
        let rest = inner.dropFirst(name.count)
        if rest.isEmpty { return value(String(name)) }
        // A default or alternative only decides the result when the variable's value is known.
        guard let v = value(String(name)), !rest.contains("$") else { return nil }
        if rest.hasPrefix(":-") { return v.isEmpty ? String(rest.dropFirst(2)) : v }
        if rest.hasPrefix(":+") { return v.isEmpty ? "" : String(rest.dropFirst(2)) }
        if rest.hasPrefix("-") { return v }
        if rest.hasPrefix("+") { return String(rest.dropFirst()) }
        return nil
    }

    private static func isNameStart(_ c: Character) -> Bool { c == "_" || (c.isASCII && c.isLetter) }
}
