#if canImport(Glibc)
import Glibc
#endif
import PalisadeCore
@testable import PalisadeEngine
@testable import PalisadeRules
import Synchronization
import Testing

@Suite("Dedicated threads, parallel map, lazy rule examples, type index")
struct DedicatedThreadTests {
    @Test("map gives every element's result in order, on more threads than cores, and on none for no elements")
    func mapOrder() {
        let squares = DedicatedThread.map(Array(0..<1_000), workers: 3) { $0 * $0 }
        #expect(squares == (0..<1_000).map { $0 * $0 })
        #expect(DedicatedThread.map([Int](), workers: 2, stackSize: 1 << 20) { $0 }.isEmpty)
        #expect(DedicatedThread.map([7], workers: 4, stackSize: 1 << 20) { $0 + 1 } == [8])
    }

    @Test("map spreads work over its threads: each takes the next element when it finishes one")
    func mapThreads() {
        let threads = Mutex<Set<UInt>>([])
        _ = DedicatedThread.map(Array(0..<64), workers: 2) { i in
            threads.withLock { _ = $0.insert(UInt(bitPattern: Int(bitPattern: pthread_self()))) }
            usleep(1_000)
            return i
        }
        #expect(threads.withLock { $0.count } == 2)
    }

    @Test("run needs no new thread on a dedicated thread with the stack asked for, and starts one otherwise")
    func runInline() {
        let here = Mutex<(Bool, Bool)?>(nil)
        DedicatedThread(stackSize: 64 << 20) {
            let me = pthread_self()
            let small = DedicatedThread.run(stackSize: 8 << 20) { pthread_equal(pthread_self(), me) != 0 }
            let large = DedicatedThread.run(stackSize: 128 << 20) { pthread_equal(pthread_self(), me) != 0 }
            here.withLock { $0 = (small, large) }
        }.join()
        let (small, large) = here.withLock { $0! }
        #expect(small)
        #expect(!large)
        // A thread that is not a dedicated one (this test's) never runs it in place.
        let me = pthread_self()
        #expect(DedicatedThread.run(stackSize: 1 << 20) { pthread_equal(pthread_self(), me) } == 0)
    }

    @Test("Background gives the work's result when waited for")
    func background() {
        let work = DedicatedThread.Background { (1...100).reduce(0, +) }
        #expect(work.wait() == 5_050)
    }

    @Test("A dropped value is freed at once unless the process said it exits next")
    func teardown() {
        final class Box: Sendable {}
        weak var weakBox: Box?
        do {
            let box = Box()
            weakBox = box
            Teardown.drop(box)
        }
        #expect(weakBox == nil)
    }

    @Test("Secret rules make their examples on first use, and a severity override keeps them")
    func lazyExamples() throws {
        let rule = try #require(SecretRules.all.first)
        #expect(!rule.description.badExamples.isEmpty)
        #expect(!rule.description.goodExamples.isEmpty)
        let overridden = rule.description.with(severity: .low)
        #expect(overridden.badExamples == rule.description.badExamples)
        #expect(overridden.goodExamples == rule.description.goodExamples)
        #expect(overridden.severity == .low)
    }

    @Test("Secret-looking names and placeholders are judged on ASCII case-folded bytes")
    func secretNames() {
        #expect(SecretNames.looksSecret("DB_PASSWORD"))
        #expect(SecretNames.looksSecret("stripe-api-key"))
        #expect(SecretNames.looksSecret("MyAuthHeader"))
        #expect(!SecretNames.looksSecret("DB_PASSWORD_ARN"))
        #expect(!SecretNames.looksSecret("token-url"))
        #expect(!SecretNames.looksSecret("LOG_LEVEL"))
        #expect(SecretNames.isPlaceholder("CHANGEME-now"))
        #expect(SecretNames.isPlaceholder("arn:aws:secretsmanager:eu-west-1:1:secret:x"))
        #expect(SecretNames.isPlaceholder("${var.password}"))
        #expect(SecretNames.isPlaceholder("abc"))
        #expect(!SecretNames.isPlaceholder("s3cr3t-Pa55w0rd-2024"))
    }

    @Test("A unit's resources by type keep source order, and are counted by type")
    func typeIndex() {
        let model = Support.cloudModel("""
            resource "aws_sqs_queue" "a" {}
            resource "aws_sns_topic" "b" {}
            resource "aws_sqs_queue" "c" {}
            resource "aws_s3_bucket" "d" {}
            resource "aws_sns_topic" "e" {}
            """)
        #expect(model.resources(ofTypes: ["aws_sns_topic", "aws_sqs_queue"]).map(\.address)
                == ["aws_sqs_queue.a", "aws_sns_topic.b", "aws_sqs_queue.c", "aws_sns_topic.e"])
        #expect(model.resources("aws_sqs_queue").map(\.address) == ["aws_sqs_queue.a", "aws_sqs_queue.c"])
        #expect(model.count(ofTypes: "aws_sqs_queue", "aws_s3_bucket", "aws_lb") == 3)
        #expect(model.resources(ofTypes: ["aws_lb"]).isEmpty)
    }
}
