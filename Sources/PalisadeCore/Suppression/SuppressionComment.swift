/// A suppression written as a comment, in any format that has comments:
///
///     # palisade:ignore <rule-id>[,<rule-id>...] [expires=YYYY-MM-DD] <reason>
///
/// The marker must be the comment's first word. Rule ids (or globs) are separated by commas, with
/// or without a space after each comma; the first word that does not continue the list starts the
/// reason, which runs to the end of the line and is required. One word of the reason may be
/// `expires=YYYY-MM-DD` (the last day it accepts findings, UTC); it is taken out of the reason.
///
/// This type knows nothing of YAML: a format's loader finds its comments (`CommentDirectives`
/// finds the candidates in the bytes), parses each comment's text with `Directive`, decides the
/// range the comment covers (for YAML, the node below it or its own line) and makes a
/// `SuppressionComment`, whose entries the scanner matches like any other suppression.
public final class SuppressionComment: Sendable {
    public static let marker = "palisade:ignore"

    /// A word of the comment and where it is written.
    public struct Word: Sendable, Hashable {
        public let text: String
        public let range: SourceRange
    }

    /// The comment's text, parsed; no scope yet.
    public struct Directive: Sendable {
        /// From the comment starter to the end of the line.
        public let range: SourceRange
        public let rules: [Word]
        /// Empty when the comment gives none.
        public let reason: String
        public let expires: CalendarDay?
        /// An `expires=` word that is not a date (or a second one): the comment suppresses nothing.
        public let badExpiry: Word?

        /// Parses `text`, the rest of a line after a comment starter that begins at `comment`; the
        /// text's first character is at `start` (same line). nil unless the text begins with the
        /// marker (after spaces) followed by a space or the end.
        public init?(text: Substring, comment: SourcePosition, start: SourcePosition) {
            let words = SuppressionText.words(text)
            guard let first = words.first, first.text == SuppressionComment.marker else { return nil }
            func word(_ w: (text: Substring, offset: Int)) -> Word {
                let column = start.column + w.offset
                return Word(text: String(w.text), range: SourceRange(
                    start: SourcePosition(line: start.line, column: column),
                    end: SourcePosition(line: start.line, column: column + w.text.unicodeScalars.count)))
            }
            var rest = words.dropFirst()
            // Rule ids: `a,b`, `a, b`, `a ,b`: a word continues the list while a comma joins them.
            var ruleWords: [(text: Substring, offset: Int)] = []
            while let w = rest.first {
                let joined = ruleWords.last.map { $0.text.hasSuffix(",") } ?? true
                guard joined || w.text.hasPrefix(",") else { break }
                ruleWords.append(w)
                rest = rest.dropFirst()
            }
            var rules: [Word] = []
            for w in ruleWords {
                var offset = w.offset
                for piece in w.text.split(separator: ",", omittingEmptySubsequences: false) {
                    if !piece.isEmpty { rules.append(word((piece, offset))) }
                    offset += piece.unicodeScalars.count + 1
                }
            }
            let parsed = SuppressionText.reason(rest.map { $0 })
            self.rules = rules
            self.reason = parsed.reason
            self.expires = parsed.expires
            self.badExpiry = parsed.badExpiry.map(word)
            let end = start.column + text.unicodeScalars.count - Self.trailingSpaces(text)
            self.range = SourceRange(start: comment, end: SourcePosition(line: comment.line, column: max(end, comment.column + 1)))
        }

        private static func trailingSpaces(_ text: Substring) -> Int {
            text.unicodeScalars.reversed().prefix { $0 == " " || $0 == "\t" || $0 == "\r" }.count
        }

        /// Whether it can suppress anything: rules, a reason and no bad expiry date.
        public var isValid: Bool { !rules.isEmpty && !reason.isEmpty && badExpiry == nil }
    }

    public let file: String
    public let directive: Directive
    /// Where its findings start: the node below it, or the line it ends.
    public let scope: SourceRange
    /// One per rule id; empty when the comment is not valid (it then suppresses nothing).
    public let entries: [SuppressionEntry]

    public init(file: String, directive: Directive, scope: SourceRange) {
        self.file = file
        self.directive = directive
        self.scope = scope
        guard directive.isValid else {
            entries = []
            return
        }
        let suppression = Suppression(kind: .comment, reason: directive.reason,
                                      location: SourceLocation(file: file, range: directive.range), expires: directive.expires)
        entries = directive.rules.map {
            SuppressionEntry(rule: Glob($0.text), written: SourceLocation(file: file, range: $0.range),
                             scope: .range(scope), suppression: suppression)
        }
    }

    public var location: SourceLocation { SourceLocation(file: file, range: directive.range) }
}

/// The text rules shared by suppression comments and annotation entries.
public enum SuppressionText {
    /// The prefix of the expiry word: `expires=2027-03-01`.
    public static let expiresPrefix = "expires="

    /// Words separated by spaces and tabs, each with its offset in Unicode scalars.
    public static func words(_ text: Substring) -> [(text: Substring, offset: Int)] {
        let scalars = text.unicodeScalars
        var result: [(Substring, Int)] = []
        var offset = 0
        var start: (index: Substring.UnicodeScalarView.Index, offset: Int)?
        var i = scalars.startIndex
        while i < scalars.endIndex {
            let c = scalars[i]
            let blank = c == " " || c == "\t" || c == "\r" || c == "\n"
            if blank, let s = start {
                result.append((Substring(scalars[s.index..<i]), s.offset))
                start = nil
            } else if !blank && start == nil {
                start = (i, offset)
            }
            offset += 1
            i = scalars.index(after: i)
        }
        if let s = start { result.append((Substring(scalars[s.index...]), s.offset)) }
        return result
    }

    /// The reason words with one `expires=YYYY-MM-DD` word taken out; a second expiry word, or
    /// one that is not a date, is `badExpiry`.
    public static func reason(_ words: [(text: Substring, offset: Int)]) -> (reason: String, expires: CalendarDay?, badExpiry: (text: Substring, offset: Int)?) {
        var reason: [Substring] = []
        var expires: CalendarDay?
        var bad: (text: Substring, offset: Int)?
        for w in words {
            guard w.text.hasPrefix(expiresPrefix) else {
                reason.append(w.text)
                continue
            }
            if expires == nil, let day = CalendarDay(w.text.dropFirst(expiresPrefix.count)) {
                expires = day
            } else if bad == nil {
                bad = w
            }
        }
        return (reason.joined(separator: " "), expires, bad)
    }
}
