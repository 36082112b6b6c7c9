/// Hides secrets in what is shown to people: URLs, command lines, names of things that hold credentials.
///
/// Header values and environment values are never shown at all (callers print only their names). URLs and
/// command-line arguments are shown with the parts that carry credentials replaced by ``mask``: userinfo
/// (`https://user:pass@host`), the values of query parameters named like secrets (`token`, `access_token`,
/// `key`, `apiKey`, `secret`, `password`, `sig`, `code`, `auth`…), the value after or in a flag so named
/// (`--api-key X`, `--token=X`), `Authorization: …`-style arguments, and anything that looks like a token
/// (well-known prefixes such as `sk-`, `ghp_`, `xoxb-`, `eyJ`, or a long run of mixed letters and digits).
/// This is best effort for free text; secrets belong in `env` or `headers`, which are never shown.
public enum SecretRedaction {
    /// What replaces a hidden value.
    public static let mask = "…"

    /// `url` with credentials replaced by ``mask``.
    public static func url(_ url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return looksLikeToken(url) ? mask : url }
        let scheme = url[..<schemeEnd.upperBound]
        var rest = url[schemeEnd.upperBound...]
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex
        var authority = String(rest[..<authorityEnd])
        rest = rest[authorityEnd...]
        if let at = authority.lastIndex(of: "@") {
            authority = mask + authority[at...]
        }
        var fragment: Substring?
        if let hash = rest.firstIndex(of: "#") {
            fragment = rest[rest.index(after: hash)...]
            rest = rest[..<hash]
        }
        var query: Substring?
        if let question = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: question)...]
            rest = rest[..<question]
        }
        let path = rest.split(separator: "/", omittingEmptySubsequences: false)
            .map { looksLikeToken(String($0)) ? mask : String($0) }
            .joined(separator: "/")
        var out = String(scheme) + authority + path
        if let query { out += "?" + redactPairs(query) }
        if let fragment { out += "#" + redactPairs(fragment) }
        return out
    }

    /// `name=value&…` with secret-looking values masked.
    private static func redactPairs(_ text: Substring) -> String {
        text.split(separator: "&", omittingEmptySubsequences: false).map { pair -> String in
            guard let eq = pair.firstIndex(of: "=") else { return looksLikeToken(String(pair)) ? mask : String(pair) }
            let name = pair[..<eq]
            let value = String(pair[pair.index(after: eq)...])
            if value.isEmpty { return String(pair) }
            return isSensitiveName(String(name)) || looksLikeToken(value) ? name + "=" + mask : String(pair)
        }.joined(separator: "&")
    }

    /// Command-line words with secret-looking values masked (see the type's description).
    public static func arguments(_ words: [String]) -> [String] {
        var out: [String] = []
        var hideNext = false
        for word in words {
            if hideNext, !word.hasPrefix("-") {
                out.append(mask)
                hideNext = false
                continue
            }
            hideNext = false
            out.append(redactWord(word, hideNext: &hideNext))
        }
        return out
    }

    /// A server's `command` and `args` with secret-looking words masked, read as one command line (`command`
    /// may itself hold several space-separated words, as some configurations write it).
    public static func commandLine(command: String, args: [String]) -> (command: String, args: [String]) {
        let commandWords = command.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        let words = arguments(commandWords + args)
        return (words.prefix(commandWords.count).joined(separator: " "), Array(words.dropFirst(commandWords.count)))
    }

    private static func redactWord(_ word: String, hideNext: inout Bool) -> String {
        if word.contains("://") {
            if word.hasPrefix("-"), let eq = word.firstIndex(of: "=") {
                return word[...eq] + url(String(word[word.index(after: eq)...]))
            }
            return url(word)
        }
        if word.lowercased().hasPrefix("bearer ") || word.lowercased().hasPrefix("basic ") {
            return word.prefix(while: { $0 != " " }) + " " + mask
        }
        if let eq = word.firstIndex(of: "=") {
            let name = word[..<eq]
            let value = String(word[word.index(after: eq)...])
            if value.isEmpty { return word }
            if isSensitiveName(String(name)) || looksLikeToken(value) { return name + "=" + mask }
            var ignored = false
            return name + "=" + redactWord(value, hideNext: &ignored)
        }
        if !word.hasPrefix("-"), let colon = word.firstIndex(of: ":") {
            let name = String(word[..<colon]).trimmingCharacters(of: " ")
            if !name.isEmpty, !name.contains(" "), isSensitiveName(name) { return name + ": " + mask }
        }
        if word.hasPrefix("-") {
            if isSensitiveName(word) { hideNext = true }
            return word
        }
        return looksLikeToken(word) ? mask : word
    }

    /// Whether a parameter, flag or header name suggests its value is a credential.
    public static func isSensitiveName(_ name: String) -> Bool {
        let lower = name.lowercased()
        let fragments = ["token", "secret", "passw", "apikey", "api_key", "api-key", "credential", "signature",
                         "auth", "cookie", "session", "private"]
        if fragments.contains(where: { lower.contains($0) }) { return true }
        let words: Set<String> = ["key", "sig", "code", "pwd", "pass", "pat", "jwt", "bearer", "sas"]
        return splitWords(name).contains { words.contains($0) }
    }

    /// Lowercased words of an identifier: split at non-alphanumerics and camelCase boundaries.
    static func splitWords(_ name: String) -> [String] {
        var words: [String] = []
        var current = ""
        var previousLower = false
        for c in name {
            guard c.isLetter || c.isNumber else {
                if !current.isEmpty { words.append(current.lowercased()) }
                current = ""
                previousLower = false
                continue
            }
            if c.isUppercase, previousLower, !current.isEmpty {
                words.append(current.lowercased())
                current = ""
            }
            current.append(c)
            previousLower = c.isLowercase || c.isNumber
        }
        if !current.isEmpty { words.append(current.lowercased()) }
        return words
    }

    /// Whether a string looks like an access token or key rather than a word, path or name.
    public static func looksLikeToken(_ s: String) -> Bool {
        let prefixes = ["sk-", "sk_", "pk_", "rk_", "ghp_", "gho_", "ghs_", "ghu_", "github_pat_", "glpat-", "xoxb-",
                        "xoxp-", "xoxa-", "AKIA", "ASIA", "eyJ", "AIza", "ya29."]
        if s.count >= 12, prefixes.contains(where: { s.hasPrefix($0) }) { return true }
        guard s.count >= 24, !s.hasPrefix("-") else { return false }
        var letters = 0
        var digits = 0
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digits += 1
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"): letters += 1
            case UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "="), UInt8(ascii: "+"): break
            default: return false
            }
        }
        return letters >= 2 && digits >= 2
    }
}

extension String {
    fileprivate func trimmingCharacters(of c: Character) -> String {
        var s = Substring(self)
        while s.first == c { s = s.dropFirst() }
        while s.last == c { s = s.dropLast() }
        return String(s)
    }
}
