import PalisadeCore
import Testing

@Suite("Compact facts: labels and interning")
struct CompactFactsTests {
    @Test("Labels answer lookups and iterate sorted by key, as the dictionary they replace did")
    func labels() {
        let map = ["app.kubernetes.io/name": "web", "tier": "front", "a": "1", "team": "shop", "z": "", "m": "x", "b": "2"]
        let labels = Labels(map)
        #expect(labels.count == 7)
        for (key, value) in map { #expect(labels[key] == value) }
        #expect(labels["missing"] == nil)
        #expect(labels["app"] == nil)
        #expect(labels.map(\.key) == map.keys.sorted())
        #expect(Labels().isEmpty && Labels()["a"] == nil)
        var intern = Interner()
        #expect(intern.labels(map) == labels)
    }

    @Test("Selectors match compact labels: equality, In, NotIn, Exists, DoesNotExist")
    func selectors() {
        let labels = Labels(["app": "web", "tier": "front"])
        #expect(LabelSelector(matchLabels: ["app": "web"]).matches(labels))
        #expect(!LabelSelector(matchLabels: ["app": "api"]).matches(labels))
        #expect(LabelSelector(expressions: [.init(key: "tier", op: .in, values: ["front", "back"])]).matches(labels))
        #expect(!LabelSelector(expressions: [.init(key: "tier", op: .notIn, values: ["front"])]).matches(labels))
        #expect(LabelSelector(expressions: [.init(key: "app", op: .exists, values: [])]).matches(labels))
        #expect(!LabelSelector(expressions: [.init(key: "app", op: .doesNotExist, values: [])]).matches(labels))
        #expect(LabelSelector().matches(labels))
    }

    @Test("The interner keeps values intact and gives equal lists one shared copy")
    func interner() {
        var intern = Interner()
        let verbs = ["get", "list", "watch"]
        let first = intern(verbs)
        let second = intern(Array(verbs))
        #expect(first == verbs && second == verbs)
        first.withUnsafeBufferPointer { a in
            second.withUnsafeBufferPointer { b in #expect(a.baseAddress == b.baseAddress) }
        }
        #expect(intern("app.kubernetes.io/instance") == "app.kubernetes.io/instance")
        #expect(intern(["k": "v"]) == ["k": "v"])
        #expect(intern([String]()).isEmpty)
    }
}
