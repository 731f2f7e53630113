import Foundation
import PalisadeCore
@testable import PalisadeRules
import Testing

/// What the secret pass does faster on Kubernetes trees must find exactly what it found before.
@Suite("Secret pass on Kubernetes trees")
struct SecretSpeedTests {
    @Test("Keywords of one to six bytes are found anywhere, the last bytes of the buffer included")
    func keywordLengths() {
        let words = ["q~", "re_", "pwd", "ghp_", "token", "secret", "x"]
        let scanner = KeywordScanner(words)
        for word in words {
            for prefix in ["", "a", "ab", "abc", "  kubernetes "] {
                for suffix in ["", "z", "yz", "  net con ver dat "] {
                    var hits: [KeywordScanner.Hit] = []
                    let text = Array((prefix + word.uppercased() + suffix).utf8)
                    text.withUnsafeBufferPointer { scanner.scan($0, into: &hits) }
                    let found = hits.filter { scanner.keywords[Int($0.keyword)] == Array(word.utf8) }.map(\.start)
                    #expect(found.contains(Int32(prefix.utf8.count)), "\(word) in '\(prefix)…\(suffix)'")
                }
            }
        }
        // Nothing is found where no keyword is.
        var hits: [KeywordScanner.Hit] = []
        let plain = Array("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: kubernetes-net\n".utf8)
        KeywordScanner(["netlify", "contentful", "ghp_"]).scan(plain.withUnsafeBufferPointer { $0 }, into: &hits)
        #expect(hits.isEmpty)
    }

    @Test("A Secret's values are read in its own document only, in a file of several")
    func secretDocuments() {
        let password = Data("Xk9#mQ2$vL7pR4wZ".utf8).base64EncodedString()
        let token = Data("Zr7!nB4@qW9xT2yL".utf8).base64EncodedString()
        let text = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: settings
            data:
              password: \(password)
            ---
            apiVersion: v1
            kind: Secret
            metadata:
              name: db
            data:
              password: \(password)
              "api-token": '\(token)'
              id_rsa.pub: \(token)
            ---
            kind: Secret
            apiVersion: v1
            stringData:
              auth: Qw8#zL2$pR5&vN9m
            ---
            apiVersion: v1
            kind: ConfigMap
            data:
              token: \(token)

            """
        let bytes = Array(text.utf8)
        let engine = SecretEngine(SecretRules.all.map(\.detector))
        let kubernetes = engine.detectors.firstIndex { $0.id == "kubernetes-secret" }!
        let found = engine.scan(bytes).matches.filter { $0.detector == kubernetes }.sorted { $0.start < $1.start }
        let lines = found.map { m in bytes[..<m.start].filter { $0 == 0x0A }.count + 1 }
        #expect(lines == [13, 14, 20], "the Secrets' password and api-token (not the .pub key), the second Secret's auth; no ConfigMap value")
        #expect(found.map(\.note) == ["base64-decoded from Secret data 'password'", "base64-decoded from Secret data 'api-token'", "in Secret stringData 'auth'"])
        // The document bounds themselves.
        bytes.withUnsafeBufferPointer { buffer in
            let hit = Array("kind: Secret".utf8)
            let at = (0...(buffer.count - hit.count)).first { buffer[$0..<($0 + hit.count)].elementsEqual(hit) }!
            let document = KubernetesSecretMatcher.document(buffer, around: at)
            let shown = String(decoding: buffer[document], as: UTF8.self)
            #expect(shown.hasPrefix("apiVersion: v1\nkind: Secret\n") && shown.hasSuffix("id_rsa.pub: \(token)\n"))
        }
    }

    @Test("Matchers reuse their VMs across calls and threads without mixing up matches")
    func vmReuse() async {
        let pattern = try! SecretPattern(#"token=([a-z0-9]{8,})"#)
        await withTaskGroup(of: Bool.self) { group in
            for t in 0..<8 {
                group.addTask {
                    (0..<500).allSatisfy { i in
                        let secret = "v\(t)x\(i)abcdefgh"
                        return pattern.matches("a token=\(secret) b token=short").map(\.secretStart) == [8]
                    }
                }
            }
            for await ok in group { #expect(ok) }
        }
    }
}
