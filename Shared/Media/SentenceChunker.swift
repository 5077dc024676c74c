import SwitchboardCore

/// Cuts streamed model text into pieces worth synthesising, so speech starts before the model is
/// done (DESIGN §4): at the first sentence end (`.`, `!`, `?`) once 15 characters are buffered,
/// else at `;`, `:` or a newline, forced at a space once 80 characters are buffered; never at commas.
package struct SentenceChunker: Sendable {
    package var minimumLength = 15
    package var forceLength = 80
    private var buffer = ""

    package init() {}

    /// Adds a delta and returns the pieces now complete.
    package mutating func add(_ text: String) -> [String] {
        self.buffer += text
        var pieces: [String] = []
        while let cut = self.nextCut() {
            let piece = String(self.buffer[..<cut]).trimmingSpaces
            self.buffer = String(self.buffer[cut...])
            if !piece.isEmpty { pieces.append(piece) }
        }
        return pieces
    }

    /// The rest, at the end of the stream.
    package mutating func flush() -> String? {
        let rest = self.buffer.trimmingSpaces
        self.buffer = ""
        return rest.isEmpty ? nil : rest
    }

    private func nextCut() -> String.Index? {
        guard self.buffer.count >= self.minimumLength else { return nil }
        let characters = Array(self.buffer.indices)
        // A sentence end followed by a space (or the end of a number like "3.5" is not one).
        for (offset, index) in characters.enumerated() where offset + 1 >= self.minimumLength {
            let character = self.buffer[index]
            guard ".!?".contains(character) else { continue }
            let next = self.buffer.index(after: index)
            if next < self.buffer.endIndex, self.buffer[next] == " " || self.buffer[next] == "\n" { return next }
        }
        for (offset, index) in characters.enumerated() where offset + 1 >= self.minimumLength {
            if ";:\n".contains(self.buffer[index]) { return self.buffer.index(after: index) }
        }
        if self.buffer.count >= self.forceLength {
            let limit = self.buffer.index(self.buffer.startIndex, offsetBy: self.forceLength)
            if let space = self.buffer[..<limit].lastIndex(of: " ") { return self.buffer.index(after: space) }
            return limit
        }
        return nil
    }
}
