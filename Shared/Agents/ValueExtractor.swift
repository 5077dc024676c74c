import Foundation
import SwitchboardCore

/// Pulls argument values out of what the caller said: digits (also spoken), names, yes/no,
/// amounts, dates, or the whole utterance. Used by scripted intents (`{extract: digits, count: 4}`).
enum ValueExtractor {
    private static let spokenDigits: [String: Character] = [
        "zero": "0", "oh": "0", "o": "0", "one": "1", "won": "1", "two": "2", "to": "2", "too": "2", "three": "3",
        "four": "4", "for": "4", "five": "5", "six": "6", "seven": "7", "eight": "8", "ate": "8", "nine": "9",
    ]
    private static let numberWords: [String: Double] = [
        "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
        "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
        "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
        "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "thousand": 1000,
    ]

    /// Applies the extractor described by `spec` to `utterance`; `nil` when nothing was found.
    static func extract(_ spec: [String: JSONValue], from utterance: Utterance) -> JSONValue? {
        switch spec["extract"]?.string ?? "utterance" {
        case "digits": self.digits(utterance, count: spec["count"]?.int).map(JSONValue.string)
        case "name": self.name(utterance).map(JSONValue.string)
        case "yes_no": .bool(self.yesNo(utterance, words: spec["words"]?.array?.compactMap(\.string)))
        case "amount": self.amount(utterance).map(JSONValue.number)
        case "date": self.date(utterance).map(JSONValue.string)
        case "keyword": self.keyword(utterance, from: spec["words"]?.array?.compactMap(\.string) ?? []).map(JSONValue.string)
        default: .string(utterance.text.trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }

    /// A run of `count` digits, written or spoken ("one two three four"); the last such run wins.
    static func digits(_ utterance: Utterance, count: Int?) -> String? {
        var runs: [String] = []
        var current = ""
        for word in utterance.words {
            if word.allSatisfy(\.isNumber) {
                current += word
            } else if let digit = self.spokenDigits[word] {
                current.append(digit)
            } else if !current.isEmpty {
                runs.append(current)
                current = ""
            }
        }
        if !current.isEmpty { runs.append(current) }
        guard let count else { return runs.last }
        if let exact = runs.last(where: { $0.count == count }) { return exact }
        // "my SSN ends in 1234" may run into other digits: take the last `count` of a longer run.
        return runs.last(where: { $0.count > count }).map { String($0.suffix(count)) }
    }

    /// A person's name after "my name is", "this is", "I am", or two capitalised-looking words.
    static func name(_ utterance: Utterance) -> String? {
        let stop: Set<String> = [
            "and", "my", "the", "last", "four", "ssn", "social", "is", "digits", "of", "number", "calling", "here", "speaking",
        ]
        let words = utterance.words
        for marker in [["my", "name", "is"], ["name", "is"], ["this", "is"], ["i", "am"], ["im"], ["it", "is"]] {
            guard let start = self.index(of: marker, in: words) else { continue }
            let rest = words[(start + marker.count)...].prefix {
                !stop.contains($0) && !$0.allSatisfy(\.isNumber) && self.spokenDigits[$0] == nil
            }
            if !rest.isEmpty { return rest.prefix(3).map(\.capitalized).joined(separator: " ") }
        }
        let names = words.prefix { !stop.contains($0) && !$0.allSatisfy(\.isNumber) && self.spokenDigits[$0] == nil }
        guard names.count >= 2, names.count <= 3 else { return nil }
        return names.map(\.capitalized).joined(separator: " ")
    }

    /// True for yes-like answers or when any of `words` is present; false for no-like answers.
    static func yesNo(_ utterance: Utterance, words: [String]?) -> Bool {
        if let words, words.contains(where: utterance.contains(word:)) { return true }
        if words != nil { return false }
        let negative = ["no", "nope", "dont", "not", "cancel", "never"]
        if negative.contains(where: { utterance.words.contains($0) }) { return false }
        return true
    }

    /// "$50", "50 dollars", "fifty dollars", "one hundred twenty".
    static func amount(_ utterance: Utterance) -> Double? {
        if let match = utterance.text.firstMatch(of: /\$?\s*(\d+(?:[.,]\d{1,2})?)/) {
            return Double(match.output.1.replacingOccurrences(of: ",", with: "."))
        }
        var total = 0.0
        var current = 0.0
        var found = false
        for word in utterance.words {
            guard let value = self.numberWords[word] else {
                if found && word != "and" { break }
                continue
            }
            found = true
            if value == 100 {
                current = max(current, 1) * 100
            } else if value == 1000 {
                total += max(current, 1) * 1000
                current = 0
            } else {
                current += value
            }
        }
        return found ? total + current : nil
    }

    /// An ISO date (yyyy-MM-dd) for "today", "yesterday", "2026-03-03", "March 3" or "3/3".
    static func date(_ utterance: Utterance, now: Date = Date()) -> String? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let formatter = DateFormatter()
        formatter.calendar = calendar
        formatter.timeZone = calendar.timeZone
        formatter.dateFormat = "yyyy-MM-dd"
        let words = utterance.words
        let text = words.joined(separator: " ")
        if words.contains("today") || words.contains("tonight") || text.contains("this morning") || text.contains("this afternoon")
            || text.contains("this evening") || text.contains("earlier")
        {
            return formatter.string(from: now)
        }
        if words.contains("yesterday") || text.contains("last night") {
            return calendar.date(byAdding: .day, value: -1, to: now).map(formatter.string(from:))
        }
        let weekdays = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]
        if let named = weekdays.firstIndex(where: { words.contains($0) }) {
            // The most recent such day before today.
            let today = calendar.component(.weekday, from: now) - 1
            let back = (today - named + 7) % 7 == 0 ? 7 : (today - named + 7) % 7
            return calendar.date(byAdding: .day, value: -back, to: now).map(formatter.string(from:))
        }
        if let match = utterance.text.firstMatch(of: /(\d{4})-(\d{2})-(\d{2})/) { return String(match.output.0) }
        let months = [
            "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
        ]
        for (index, word) in utterance.words.enumerated() {
            guard let month = months.firstIndex(of: word), index + 1 < utterance.words.count else { continue }
            let dayText = utterance.words[index + 1].filter(\.isNumber)
            guard let day = Int(dayText), (1...31).contains(day) else { continue }
            var components = calendar.dateComponents([.year], from: now)
            components.month = month + 1
            components.day = day
            return calendar.date(from: components).map(formatter.string(from:))
        }
        return nil
    }

    /// The first of `words` that the utterance contains.
    static func keyword(_ utterance: Utterance, from words: [String]) -> String? {
        words.first(where: utterance.contains(word:))
    }

    private static func index(of marker: [String], in words: [String]) -> Int? {
        guard words.count >= marker.count else { return nil }
        for start in 0...(words.count - marker.count) where Array(words[start..<(start + marker.count)]) == marker {
            return start
        }
        return nil
    }
}
