import Testing

@testable import media

@Suite("Keypad entry")
struct DigitCollectorTests {
    let start = ContinuousClock.now

    @Test func poundEndsTheEntry() {
        var digits = DigitCollector(pause: .milliseconds(1500))
        #expect(digits.add("1", at: start) == nil)
        #expect(digits.add("2", at: start + .milliseconds(300)) == nil)
        #expect(digits.add("#", at: start + .milliseconds(600)) == "12")
        #expect(!digits.isCollecting)
    }

    @Test func aPauseEndsTheEntryButOnlyAfterTheLastKey() {
        var digits = DigitCollector(pause: .milliseconds(1500))
        _ = digits.add("4", at: start)
        _ = digits.add("2", at: start + .milliseconds(1000))
        #expect(digits.poll(at: start + .milliseconds(2000)) == nil)
        #expect(digits.poll(at: start + .milliseconds(2500)) == "42")
        #expect(digits.poll(at: start + .milliseconds(9000)) == nil)
    }

    @Test func starStartsOver() {
        var digits = DigitCollector(pause: .milliseconds(1500))
        _ = digits.add("9", at: start)
        _ = digits.add("*", at: start)
        _ = digits.add("7", at: start)
        #expect(digits.add("#", at: start) == "7")
        #expect(digits.add("#", at: start) == nil)
    }
}
