import Foundation
@testable import PalisadeCLI
import Testing

@Suite("Progress")
struct ProgressTests {
    @Test("Progress shows files done, total and rate, and erases itself at the end")
    func draws() throws {
        let pipe = Pipe()
        let fd = pipe.fileHandleForWriting.fileDescriptor
        let display = ProgressDisplay(fd: fd, delayNanoseconds: 0)
        display.update(done: 3, total: 10)
        display.update(done: 4, total: 10)  // within 100 ms of the last draw: not redrawn
        display.finish()
        try pipe.fileHandleForWriting.close()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(text.hasPrefix("\r\u{1B}[Kscanning: 3/10 files, "))
        #expect(text.hasSuffix(" files/s\r\u{1B}[K"))
        #expect(!text.contains("4/10"))
    }

    @Test("Fast scans and piped output show no progress")
    func silent() throws {
        let pipe = Pipe()
        let display = ProgressDisplay(fd: pipe.fileHandleForWriting.fileDescriptor)
        display.update(done: 1, total: 1)
        display.finish()
        try pipe.fileHandleForWriting.close()
        #expect(pipe.fileHandleForReading.readDataToEndOfFile().isEmpty)
        let run = try Support.run(["scan", "examples/estate"])
        #expect(!run.stderr.contains("scanning:"))
    }
}
