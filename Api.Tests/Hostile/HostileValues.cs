using System.Text;
using Occupancy.Grains;

namespace Occupancy.Api.Tests.Hostile;

/// <summary>A route value as it goes into the address (percent-encoded as written) and what the server decodes it to.</summary>
internal sealed record PathValue(string Encoded, string Decoded);

/// <summary>
/// The raw material of hostile input: ids no contract accepts, odd text, huge numbers, bad header values, odd query
/// strings. Every choice is drawn from the caller's <see cref="Random"/>, so a seed reproduces a request exactly.
/// </summary>
internal static class HostileValues
{
    /// <summary>Characters that look harmless and are not: controls, direction marks, zero-width, combining, homoglyphs.</summary>
    private static readonly string[] OddCharacters =
    [
        "\u0000", "\u0001", "\u0007", "\b", "\t", "\u000B", "\f", "\u001B", "\u007F", "\u0085", "\u00A0",
        "\u200B", "\u200C", "\u200D", "\u2060", "\uFEFF", // zero-width
        "\u200E", "\u200F", "\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2066", "\u2067", "\u2068", "\u2069", // direction
        "\u0301", "\u0308", "\u20DD", "e\u0301\u0301\u0301\u0301\u0301\u0301", // combining
        "\u0430", "\u0435", "\uFF41", "\u2126", "\u212A", "\u0131", "\u0130", "\u00DF", // homoglyphs, case oddities
        "\u2028", "\u2029", "\uFFFD", "\uFFFF", "\uFFFE",
        "\uD83D\uDE00", "\uD83D", "\uDE00", // an emoji, then its surrogate halves alone
        "杨根有", "ﷺ", "𒐫", "\u0e01\u0e34\u0e4d\u0e4d\u0e4d\u0e4d",
    ];

    /// <summary>Ids with the contract's shape that no test creates: targets that must stay unknown.</summary>
    public static IReadOnlyList<string> UnknownIds(int seed) =>
        [$"ghost-{seed}", $"ghost-{seed}-b", "m-0", "0", new string('z', 64)];

    /// <summary>
    /// Route values no id rule accepts, percent-encoded as a client would put them in the address. Each decodes to
    /// something that fails <see cref="Ids.IsValid"/>; the generator checks that on every use.
    /// </summary>
    public static PathValue HostileId(Random random, string? validId = null)
    {
        PathValue value;
        do value = DrawHostileId(random, validId ?? "fuming-gym");
        while (Ids.IsValid(value.Decoded) || Ids.IsValid(value.Encoded));
        return value;
    }

    private static PathValue DrawHostileId(Random random, string valid)
    {
        switch (random.Next(22))
        {
            case 0: return Pick(random, Encoded("..%2f.."), Encoded("..%2F..%2F..%2Fetc%2Fpasswd"), Encoded("%2e%2e%2f"), Encoded("..%5c..%5cwindows"), Encoded("%252e%252e%252f"), Encoded("%c0%ae%c0%ae%c0%af"), Encoded("....%2f%2f"));
            case 1: return Pick(random, Encoded("%00"), Encoded($"{valid}%00"), Encoded($"{valid}%00.json"), Encoded("%00%00%00"));
            case 2: return Pick(random, Encoded($"a%2f{valid}"), Encoded($"{valid}%2F"), Encoded($"{valid}%5C"), Encoded("%2F%2F"), Encoded($"{valid}%3F"), Encoded($"{valid}%23x"));
            case 3: return Plain(new string((char)('a' + random.Next(26)), 65 + random.Next(2000)));
            case 4: return Plain(RandomText(random, "abcdefghijklmnopqrstuvwxyz0123456789-", 65 + random.Next(300)));
            case 5: return Plain(valid.ToUpperInvariant());
            case 6: return Pick(random, Encoded($"{valid}%0A"), Encoded($"{valid}%0D%0A"), Encoded($"%0A{valid}"), Encoded($"{valid}%09"), Encoded($"{valid}%20"), Encoded("%20"), Encoded($"{valid}%7F"), Encoded($"{valid}%01"));
            case 7: return Plain("-" + valid);
            case 8: return Plain(valid + "_" + random.Next(1000));
            case 9: return Plain(valid + "." + Pick(random, "json", "html", "php", "", "."));
            case 10: return Utf8(random, valid + OddCharacters[random.Next(OddCharacters.Length)]);
            case 11: return Utf8(random, OddCharacters[random.Next(OddCharacters.Length)] + valid);
            case 12: return Pick(random, Encoded("%ED%A0%80"), Encoded($"{valid}%ED%BF%BF"), Encoded("%C0%AF"), Encoded("%FF%FE"), Encoded($"{valid}%80"), Encoded("%F4%90%80%80"));
            case 13: return Pick(random, Encoded("%u002e%u002e"), Encoded("%"), Encoded("%zz"), Encoded($"{valid}%"), Encoded($"{valid}%2"));
            case 14: return Pick(random, Encoded($"{valid};jsessionid=1"), Encoded($"{valid}%3Bx"), Encoded("*"), Encoded("%2A"), Encoded($"{valid}~1"), Encoded("$"), Encoded("'%20OR%201=1"));
            case 15: return Pick(random, Encoded("%3Cscript%3Ealert(1)%3C%2Fscript%3E"), Encoded("${jndi:ldap:x}"), Encoded("%7B%7B7*7%7D%7D"), Encoded("__proto__"), Encoded("constructor%5B%5D"));
            case 16: return Utf8(random, RandomText(random, "аеорсух" + "abc", 1 + random.Next(20)) + "\u0430");
            case 17: return Plain(valid + "-" + new string('9', 70));
            case 18: return Utf8(random, "\uFF46\uFF55\uFF4D\uFF49\uFF4E\uFF47"); // fullwidth "fuming"
            case 19: return Utf8(random, string.Concat(Enumerable.Range(0, 1 + random.Next(5)).Select(_ => OddCharacters[random.Next(OddCharacters.Length)])));
            case 20: return Pick(random, Encoded("%C3%A9"), Encoded("e%CC%81"), Encoded($"{valid}%E2%80%8B"), Encoded($"%E2%80%AE{valid}"), Encoded($"{valid}%EF%BB%BF"));
            default: return Plain(RandomText(random, "ABCabc0123_.~!$&'()*+,;=:@", 1 + random.Next(40)));
        }
    }

    /// <summary>A text value for a JSON string: odd characters, control characters, long runs, markup, or plain text.</summary>
    public static string OddText(Random random) => random.Next(10) switch
    {
        0 => new string('x', 1 + random.Next(5000)),
        1 => string.Concat(Enumerable.Range(0, 1 + random.Next(30)).Select(_ => OddCharacters[random.Next(OddCharacters.Length)])),
        2 => "<script>alert(1)</script>",
        3 => "' OR 1=1 --",
        4 => "../../../../etc/passwd",
        5 => "杨根有" + OddCharacters[random.Next(OddCharacters.Length)],
        6 => "%00%0a%0d",
        7 => "{{7*7}}${7*7}",
        8 => "",
        _ => RandomText(random, "abcdefghijklmnopqrstuvwxyz0123456789-", 1 + random.Next(20)),
    };

    /// <summary>Numbers out of every range: the literal as it appears in JSON.</summary>
    public static string HugeNumber(Random random) => Pick(random,
        "1e309", "-1e309", "1e400", "9223372036854775808", "-9223372036854775809", "18446744073709551616", "2147483648", "-2147483649",
        "1.5", "0.1e1", "1E2", "-1", "-0", "0.0000000000000000000000000001", "123456789012345678901234567890", new string('9', 1000), "1e-400");

    /// <summary>
    /// Strings that spell numbers a JSON number field never accepts. Not "1": the web defaults read numbers from
    /// strings, so "1" is a valid count.
    /// </summary>
    public static string NumberAsString(Random random) => Pick(random, "\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "\"0x10\"", "\"\"", "\"1,000\"", "\"one\"", "\"\u0661\"");

    public static string RandomText(Random random, string alphabet, int length)
    {
        var chars = new char[length];
        for (var i = 0; i < length; i++) chars[i] = alphabet[random.Next(alphabet.Length)];
        return new string(chars);
    }

    public static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>
    /// Idempotency-Key values the contract refuses: too long, control or non-ASCII characters, quotes around nothing.
    /// Not an empty value: TestServer's client drops an empty header (the key is then absent, which is allowed), while
    /// Kestrel passes it on and the Api answers 400 — the fixture cannot send it.
    /// </summary>
    public static string BadIdempotencyKey(Random random) => random.Next(9) switch
    {
        0 => new string('k', 65 + random.Next(5000)),
        1 => "\"" + new string('k', 65) + "\"",
        2 => "\"\"",
        3 => "key\u0001" + random.Next(),
        4 => "key\u007F",
        5 => "ключ-" + random.Next(),
        6 => "key\t\tkey" + OddCharacters[random.Next(OddCharacters.Length)],
        7 => "\u200Bkey" + random.Next(),
        _ => "key\u0000" + new string('x', random.Next(10)),
    };

    /// <summary>An odd query string (without the '?'), optionally naming the endpoint's own query parameters.</summary>
    public static string OddQuery(Random random, IReadOnlyList<string> names)
    {
        var name = names.Count > 0 && random.Next(3) > 0 ? names[random.Next(names.Count)] : Pick(random, "x", "phone", "date", "from", "to", "siteId", "access_token", "%00", "a[b]", "__proto__", "");
        return random.Next(14) switch
        {
            0 => $"{name}=%00",
            1 => $"{name}=9999-99-99",
            2 => $"{name}=-0&{name}=1e309",
            3 => $"{name}=a&{name}=b&{name}=c",
            4 => "=&&&==&",
            5 => $"{name}={new string('q', 1000 + random.Next(9000))}",
            6 => $"{name}=%ED%A0%80%E2%80%AE",
            7 => $"{name}=%0d%0aSet-Cookie:%20x=1",
            8 => $"{name}[]=x&{name}[0]=y",
            9 => "%zz=%",
            10 => $"{name}=0001-01-01",
            11 => $"{name}=" + Uri.EscapeDataString(OddText(random)),
            12 => $"{name}=..%2f..%2f",
            _ => $"{name}={Uri.EscapeDataString(HugeNumber(random))}",
        };
    }

    public static T Pick<T>(Random random, params T[] choices) => choices[random.Next(choices.Length)];

    private static PathValue Encoded(string encoded) => new(encoded, Uri.UnescapeDataString(encoded));

    private static PathValue Plain(string id) => new(Uri.EscapeDataString(id), id);

    /// <summary>Percent-encodes UTF-16 text byte by byte, so lone surrogate halves become the bytes of an invalid sequence.</summary>
    private static PathValue Utf8(Random random, string text)
    {
        var bytes = new UTF8Encoding(false, throwOnInvalidBytes: false).GetBytes(text);
        var encoded = new StringBuilder();
        foreach (var b in bytes)
        {
            var c = (char)b;
            if (b < 0x80 && (char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~') && random.Next(4) > 0) encoded.Append(c);
            else encoded.Append('%').Append(b.ToString("X2"));
        }
        return new PathValue(encoded.ToString(), text);
    }
}
