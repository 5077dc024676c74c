/// An utterance normalised for matching: lower case, words without punctuation.
///
/// Matching is fuzzy at the word level so recognition errors ("stollen", "blok") still match.
struct Utterance: Sendable {
    let text: String
    let words: [String]

    init(_ text: String) {
        self.text = text
        let lowered = text.lowercased()
        var words: [String] = []
        var current = ""
        for character in lowered {
            if character.isLetter || character.isNumber || character == "'" {
                current.append(character)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        self.words = words.map { $0.replacingOccurrences(of: "'", with: "") }
    }

    /// Whether some word is `word` or close to it (edit distance ≤ 1 for 4+ letters, ≤ 2 for 8+).
    func contains(word: String) -> Bool {
        let target = Utterance(word).words.joined()
        return self.words.contains { Self.similar($0, target) }
    }

    /// Whether at least three quarters of the phrase's words appear, in any order.
    func matches(phrase: String) -> Bool {
        let phraseWords = Utterance(phrase).words
        guard !phraseWords.isEmpty else { return false }
        let found = phraseWords.filter { word in self.words.contains { Self.similar($0, word) } }.count
        return Double(found) / Double(phraseWords.count) >= 0.75
    }

    static func similar(_ a: String, _ b: String) -> Bool {
        if a == b { return true }
        let longest = max(a.count, b.count)
        guard longest >= 4 else { return false }
        let allowed = longest >= 8 ? 2 : 1
        guard abs(a.count - b.count) <= allowed else { return false }
        return self.distance(Array(a), Array(b)) <= allowed
    }

    /// Levenshtein distance.
    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            current[0] = i
            for j in 1...max(b.count, 1) where !b.isEmpty {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return a.isEmpty ? b.count : previous[b.count]
    }
}
