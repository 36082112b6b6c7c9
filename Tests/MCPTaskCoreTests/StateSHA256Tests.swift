import Testing
@testable import MCPTaskCore

@Suite("SHA-256")
struct StateSHA256Tests {
    /// FIPS 180-4 examples and lengths around the padding boundaries (55, 56, 63, 64, 65 bytes), checked
    /// against Python's hashlib.
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
        (String(repeating: "a", count: 55), "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"),
        (String(repeating: "a", count: 56), "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"),
        (String(repeating: "a", count: 63), "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"),
        (String(repeating: "a", count: 64), "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"),
        (String(repeating: "a", count: 65), "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0"),
    ])
    func vectors(input: String, expected: String) {
        #expect(SHA256.hex(input) == expected)
    }

    @Test func oneMillionA() async throws {
        let digest = try await onOwnThread { SHA256.hex([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)) }
        #expect(digest == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func oneMebibyteOfEveryByteValue() async throws {
        let digest = try await onOwnThread {
            var input = [UInt8](repeating: 0, count: 1 << 20)
            for i in input.indices { input[i] = UInt8(truncatingIfNeeded: i) }
            return SHA256.hex(input)
        }
        #expect(digest == "fbbab289f7f94b25736c58be46a994c441fd02552cc6022352e3d86d2fab7c83")
    }

    @Test("incremental updates split anywhere give the one-shot digest")
    func incremental() {
        let input = (0..<200).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let expected = SHA256.hash(input)
        for split in 0...input.count {
            var hasher = SHA256()
            hasher.update(input[..<split])
            hasher.update(input[split...])
            #expect(hasher.finalize() == expected, "split at \(split)")
        }
        var byByte = SHA256()
        for b in input { byByte.update([b]) }
        #expect(byByte.finalize() == expected)
    }

    @Test func finalizeDoesNotConsume() {
        var hasher = SHA256()
        hasher.update("ab")
        _ = hasher.finalize()
        hasher.update("c")
        #expect(SHA256.hexString(hasher.finalize()) == SHA256.hex("abc"))
    }
}
