using System.Collections;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Occupancy.Api.Tests.Hostile;

/// <summary>A request body: its bytes, its Content-Type (null: none sent), whether its length is withheld (chunked).</summary>
internal sealed record HostileBody(byte[] Bytes, string? ContentType, bool Chunked, string Label, bool Poisoned);

/// <summary>
/// Bodies no endpoint may accept, shaped by the endpoint's body type when it has one: each field in turn gets a value of
/// the wrong JSON kind, numbers out of range, odd text, lone surrogate escapes, invalid UTF-8; and bodies that are not
/// the contract's JSON at all: random bytes, depth 10,000, over 64 KB, truncated, commented, wrong media types.
/// A body marked <see cref="HostileBody.Poisoned"/> is invalid whatever else the request says.
/// </summary>
internal static class HostileBodies
{
    public const int MaxBodyBytes = 64 * 1024;

    private static readonly string[] NotJsonMediaTypes =
    [
        "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/jsonx",
        "text/json-not", "image/png", "application/octet-stream", "*/*", "application", "json", "text/html; charset=utf-8",
    ];

    /// <summary>A body for an endpoint that reads <paramref name="type"/> (null: the endpoint reads no body).</summary>
    public static HostileBody Draw(Random random, Type? type, Func<Random, string, string> idFor)
    {
        var body = DrawAny(random, type, idFor);
        // An endpoint that reads no body ignores whatever is sent, except a declared length over the limit.
        return type is not null || body.Poisoned && !body.Chunked && body.Bytes.Length > MaxBodyBytes ? body : body with { Poisoned = false };
    }

    private static HostileBody DrawAny(Random random, Type? type, Func<Random, string, string> idFor)
    {
        var fields = type is null ? [] : Fields(type);
        switch (random.Next(type is null ? 6 : 13))
        {
            case 0: return new(RandomBytesNotJson(random), "application/json", random.Next(4) == 0, "random bytes", true);
            case 1: return new(Deep(random), "application/json", false, "JSON 10,000 deep", true);
            case 2: return Oversize(random, type, idFor);
            case 3:
                return new(WellShaped(random, type, idFor), HostileValues.Pick(random, NotJsonMediaTypes), false, "JSON under a wrong media type", true);
            case 4: return new(WellShaped(random, type, idFor), null, false, "JSON without a Content-Type", true);
            case 5: return new(Encoding.UTF8.GetBytes(HostileValues.Pick(random, "{\"count\":1,", "{", "[", "{\"a\":", "\"unterminated", "{\"a\" 1}", "{'a':1}", "{a:1}", "{\"count\":NaN}", "{\"count\":Infinity}", "tru", "nul")),
                "application/json", false, "truncated or not JSON", true);
            case 6: return new(Encoding.UTF8.GetBytes(HostileValues.Pick(random, "[]", "\"text\"", "42", "true", "[{}]", "[null]", "1e309", "\"\\uD800\"")),
                "application/json", false, "JSON of the wrong root kind", true);
            case 7: return new(Encoding.UTF8.GetBytes("// a comment\n" + Encoding.UTF8.GetString(WellShaped(random, type, idFor)).TrimEnd('}') + ",}"),
                "application/json", false, "comments and a trailing comma", true);
            default: return WrongKind(random, type!, fields, idFor);
        }
    }

    /// <summary>A JSON object with the type's fields, the last of them of the wrong kind (so everything before it is read first).</summary>
    private static HostileBody WrongKind(Random random, Type type, IReadOnlyList<Field> fields, Func<Random, string, string> idFor)
    {
        var poisonable = fields.Where(f => WrongKinds(f.Type).Length > 0).ToList();
        if (poisonable.Count == 0) return new(RandomBytesNotJson(random), "application/json", false, "random bytes", true);
        var poison = poisonable[random.Next(poisonable.Count)];
        var json = new JsonText();
        json.Raw("{");
        var decorations = fields.Where(f => f != poison).OrderBy(_ => random.Next()).ToList();
        foreach (var field in decorations)
        {
            json.Name(field.Name);
            Decoration(random, json, field.Type, field.Name, idFor, depth: 0);
            json.Raw(",");
        }
        if (random.Next(4) == 0)
        {
            // Unknown fields and duplicates before the poison: read and skipped, never a reason to fail.
            json.Name(HostileValues.Pick(random, "$type", "__proto__", "bookedBy", "actor", "role", "\u202Eeman")).String(HostileValues.OddText(random)).Raw(",");
        }
        var wrong = HostileValues.Pick(random, WrongKinds(poison.Type));
        json.Name(poison.Name).Raw(wrong(random)).Raw("}");
        return new(json.Bytes, random.Next(10) == 0 ? "application/json; charset=utf-8" : "application/json", random.Next(8) == 0, $"'{poison.Name}' of the wrong kind", true);
    }

    /// <summary>
    /// A body every field of which has the right JSON kind, so it is read into the endpoint's type and reaches the
    /// grain's own validation: odd text, time zones that are paths, numbers at the ends of their range, dates at the
    /// ends of the calendar, long lists. It may well be accepted; it is aimed at scratch ids only.
    /// </summary>
    public static HostileBody WellTyped(Random random, Type type, Func<Random, string, string> idFor)
    {
        var json = new JsonText();
        WellTypedValue(random, json, type, "body", idFor, depth: 0);
        return new(json.Bytes, "application/json", false, "well-typed, odd values", false);
    }

    private static readonly string[] OddTimeZones =
    [
        "../../../../etc/passwd", "/etc/passwd", "Asia/../../../etc/passwd", "Asia/Shanghai\u0000", "\u0000", "UTC", "Etc/GMT+99", "posixrules", "right/UTC",
        "localtime", "Asia/Shanghai/", "ASIA/SHANGHAI", " Asia/Shanghai", "zone.tab", "tzdata.zi", "Asia", "Asia/Shanghai%00", new string('a', 300), "Etc/../UTC", "\\server\\share",
    ];

    private static void WellTypedValue(Random random, JsonText json, Type type, string name, Func<Random, string, string> idFor, int depth)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            if (name.Equals("timeZone", StringComparison.OrdinalIgnoreCase)) json.String(HostileValues.Pick(random, OddTimeZones));
            else if (name.EndsWith("Id", StringComparison.Ordinal) || name == "id") json.String(idFor(random, name));
            else if (name is "from" or "to") json.String(HostileValues.Pick(random, "00:00", "24:00", "23:59", "24:01", "-1:00", "12:60", "99:99", "0:0", "\u0661\u0662:00", "12:00:00"));
            else json.String(random.Next(3) == 0 ? HostileValues.OddText(random).Replace("\uD83D", "").Replace("\uDE00", "") : HostileValues.Pick(random, "+8613800001024", "0", "+", "123456789012345678901", "滨江 " + random.Next(100)));
            return;
        }
        if (type == typeof(bool)) { json.Raw(random.Next(2) == 0 ? "true" : "false"); return; }
        if (type == typeof(int)) { json.Raw(HostileValues.Pick(random, "0", "-1", "1", "2147483647", "-2147483648", "1000", "1001", "100000", "100001", random.Next(-10, 100).ToString(System.Globalization.CultureInfo.InvariantCulture))); return; }
        if (type == typeof(long)) { json.Raw(HostileValues.Pick(random, "0", "-1", "9223372036854775807", "-9223372036854775808")); return; }
        if (IsInteger(type)) { json.Raw("0"); return; }
        if (IsFloat(type)) { json.Raw(HostileValues.Pick(random, "0", "-0", "1", "0.5", "1e308", "-1e308", "5e-324", "2", "-1")); return; }
        if (type == typeof(DateTimeOffset) || type == typeof(DateTime))
        {
            json.String(HostileValues.Pick(random, "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", "2030-01-01T10:00:00Z",
                "2026-12-02T00:00:00Z", "1970-01-01T00:00:00Z", "2030-01-01T10:00:00.9999999Z"));
            return;
        }
        if (type == typeof(DateOnly)) { json.String(HostileValues.Pick(random, "0001-01-01", "9999-12-31", "2030-01-01")); return; }
        if (type == typeof(TimeOnly)) { json.String(HostileValues.Pick(random, "00:00", "23:59:59.9999999")); return; }
        if (type.IsEnum)
        {
            var names = Enum.GetNames(type);
            json.String(JsonNamingPolicy.CamelCase.ConvertName(names[random.Next(names.Length)]));
            return;
        }
        if (depth > 3 || IsAnything(type)) { json.Raw("{}"); return; }
        if (Dictionary(type) is { } valueType)
        {
            json.Raw("{");
            var count = random.Next(4);
            for (var i = 0; i < count; i++)
            {
                if (i > 0) json.Raw(",");
                json.Name(HostileValues.Pick(random, "mon", "sun", "MON", "\u0000", "x", "mon ", "tue") + (i > 1 ? i.ToString(System.Globalization.CultureInfo.InvariantCulture) : ""));
                WellTypedValue(random, json, valueType, name, idFor, depth + 1);
            }
            json.Raw("}");
            return;
        }
        if (Element(type) is { } element)
        {
            json.Raw("[");
            var count = HostileValues.Pick(random, 0, 1, 2, 3, 11, 101);
            for (var i = 0; i < count; i++)
            {
                if (i > 0) json.Raw(",");
                WellTypedValue(random, json, element, name, idFor, depth + 1);
            }
            json.Raw("]");
            return;
        }
        json.Raw("{");
        var first = true;
        foreach (var field in Fields(type))
        {
            if (!first) json.Raw(",");
            first = false;
            json.Name(field.Name);
            WellTypedValue(random, json, field.Type, field.Name, idFor, depth + 1);
        }
        json.Raw("}");
    }

    /// <summary>A plausible value for a field: often right, often odd (text, huge numbers, lone surrogates, invalid UTF-8).</summary>
    private static void Decoration(Random random, JsonText json, Type type, string name, Func<Random, string, string> idFor, int depth)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            switch (random.Next(7))
            {
                case 0: json.InvalidUtf8String(random); return;
                case 1: json.Raw("\"\\uD800x\\uDFFF\""); return;
                case 2: json.String(HostileValues.OddText(random)); return;
                case 3: json.Raw("null"); return;
                default: json.String(name.EndsWith("Id", StringComparison.Ordinal) ? idFor(random, name) : "滨江 " + random.Next(100)); return;
            }
        }
        if (type == typeof(bool)) { json.Raw(random.Next(2) == 0 ? "true" : "false"); return; }
        if (IsInteger(type)) { json.Raw(random.Next(4) == 0 ? HostileValues.HugeNumber(random) : random.Next(-5, 50).ToString(System.Globalization.CultureInfo.InvariantCulture)); return; }
        if (IsFloat(type)) { json.Raw(HostileValues.Pick(random, "0.5", "-0", "1e-400", "0.9999999999999999999", "3")); return; }
        if (type == typeof(DateTimeOffset) || type == typeof(DateTime))
        {
            json.String(HostileValues.Pick(random, "2030-01-01T10:00:00Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "2030-02-30T10:00:00Z", "2030-01-01T10:00:00+14:00", "2030-01-01"));
            return;
        }
        if (type == typeof(DateOnly)) { json.String(HostileValues.Pick(random, "2030-01-01", "0001-01-01", "9999-12-31", "2030-13-01")); return; }
        if (type == typeof(TimeOnly) || type == typeof(TimeSpan)) { json.String(HostileValues.Pick(random, "08:00", "24:00", "-1:00", "99:99")); return; }
        if (type.IsEnum)
        {
            var names = Enum.GetNames(type);
            json.String(random.Next(3) == 0 ? "no-such-" + random.Next(9) : JsonNamingPolicy.CamelCase.ConvertName(names[random.Next(names.Length)]));
            return;
        }
        if (depth > 2 || IsAnything(type)) { json.Raw("null"); return; }
        if (Dictionary(type) is { } valueType)
        {
            json.Raw("{").Name(HostileValues.Pick(random, "mon", "sun", "\u0000", "x")).Raw("");
            Decoration(random, json, valueType, name, idFor, depth + 1);
            json.Raw("}");
            return;
        }
        if (Element(type) is { } element)
        {
            json.Raw("[");
            var count = random.Next(10) == 0 ? 600 : random.Next(3);
            for (var i = 0; i < count; i++)
            {
                if (i > 0) json.Raw(",");
                Decoration(random, json, element, name, idFor, depth + 1);
            }
            json.Raw("]");
            return;
        }
        json.Raw("{");
        var first = true;
        foreach (var field in Fields(type))
        {
            if (!first) json.Raw(",");
            first = false;
            json.Name(field.Name);
            Decoration(random, json, field.Type, field.Name, idFor, depth + 1);
        }
        json.Raw("}");
    }

    /// <summary>JSON values of a kind the field's type never reads.</summary>
    private static Func<Random, string>[] WrongKinds(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (IsAnything(type)) return [];
        Func<Random, string> number = r => HostileValues.Pick(r, "1", "0", "-7", "3.25");
        // Never digits alone: the web defaults read numbers from strings.
        Func<Random, string> text = r => Quote("x\u0001" + HostileValues.OddText(r));
        Func<Random, string> boolean = _ => "true";
        Func<Random, string> array = r => HostileValues.Pick(r, "[]", "[1,2]", "[\"a\"]");
        Func<Random, string> obj = r => HostileValues.Pick(r, "{}", "{\"a\":1}");
        if (type == typeof(string)) return [number, boolean, array, obj];
        if (type == typeof(bool)) return [number, text, array, obj, _ => "\"true\""];
        if (IsInteger(type))
        {
            return [text, boolean, array, obj, r => HostileValues.NumberAsString(r),
                r => HostileValues.Pick(r, "1e309", "9223372036854775808", "-9223372036854775809", "2147483648", "1.5", "1e400", new string('9', 400), "0.1")];
        }
        if (IsFloat(type)) return [text, boolean, array, obj, r => HostileValues.NumberAsString(r)];
        if (type == typeof(DateTimeOffset) || type == typeof(DateTime) || type == typeof(DateOnly) || type == typeof(TimeOnly) || type == typeof(TimeSpan))
            return [number, boolean, array, obj, r => Quote(HostileValues.Pick(r, "garbage", "2030-01-01T25:00:00Z", "yesterday", "\u0661\u0662"))];
        if (type.IsEnum) return [number, boolean, array, obj, r => Quote(HostileValues.Pick(r, "no-such-kind", "GYM\u0000", "", " "))];
        if (Dictionary(type) is not null) return [number, text, boolean, array];
        if (Element(type) is not null) return [number, text, boolean, obj];
        return [number, text, boolean, array];
    }

    private static HostileBody Oversize(Random random, Type? type, Func<Random, string, string> idFor)
    {
        // Over the limit, and also of the wrong kind at the end: a server that reads a withheld length anyway still refuses it.
        var filler = new string('x', MaxBodyBytes + 1 + random.Next(200_000));
        var inner = type is null ? "{}" : Encoding.UTF8.GetString(WrongKind(random, type, Fields(type), idFor).Bytes);
        var text = $"{{\"padding\":\"{filler}\",\"inner\":{inner},\"count\":\"x\"}}";
        var chunked = random.Next(3) == 0;
        return new(Encoding.UTF8.GetBytes(text), "application/json", chunked, chunked ? "over 64 KB, length withheld" : "over 64 KB", true);
    }

    /// <summary>Right-looking JSON of the type's fields (or a plain object): used where another part of the request is the poison.</summary>
    private static byte[] WellShaped(Random random, Type? type, Func<Random, string, string> idFor)
    {
        var json = new JsonText();
        if (type is null) return json.Raw("{\"count\":1}").Bytes;
        Decoration(random, json, type, "body", idFor, depth: 0);
        return json.Bytes;
    }

    private static byte[] RandomBytesNotJson(Random random)
    {
        // The first byte can never start JSON (nor whitespace before it), so the body is never accidentally valid.
        var bytes = HostileValues.RandomBytes(random, 1 + random.Next(4096));
        bytes[0] = HostileValues.Pick(random, (byte)0x00, (byte)0xFF, (byte)'#', (byte)0x1E, (byte)0xEF);
        return bytes;
    }

    private static byte[] Deep(Random random)
    {
        const int depth = 10_000;
        var builder = new StringBuilder();
        var objects = random.Next(2) == 0;
        var inField = random.Next(2) == 0;
        if (inField) builder.Append("{\"count\":");
        for (var i = 0; i < depth; i++) builder.Append(objects ? "{\"a\":" : "[");
        builder.Append('1');
        for (var i = 0; i < depth; i++) builder.Append(objects ? '}' : ']');
        if (inField) builder.Append('}');
        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    public static string Quote(string text) => JsonText.Escape(text);

    private sealed record Field(string Name, Type Type);

    private static IReadOnlyList<Field> Fields(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.GetIndexParameters().Length == 0)
            .Where(p => p.GetCustomAttribute<JsonIgnoreAttribute>() is not { Condition: JsonIgnoreCondition.Always })
            .Where(p => p.CanWrite || type.GetConstructors().Any(c => c.GetParameters().Any(a => string.Equals(a.Name, p.Name, StringComparison.OrdinalIgnoreCase))))
            .Select(p => new Field(p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(p.Name), p.PropertyType))
            .ToList();

    private static bool IsInteger(Type t) =>
        t == typeof(int) || t == typeof(long) || t == typeof(short) || t == typeof(byte) || t == typeof(uint) || t == typeof(ulong) || t == typeof(ushort) || t == typeof(sbyte);

    private static bool IsFloat(Type t) => t == typeof(double) || t == typeof(float) || t == typeof(decimal);

    private static bool IsAnything(Type t) => t == typeof(object) || t == typeof(JsonElement) || t == typeof(JsonDocument) || typeof(JsonNode).IsAssignableFrom(t);

    private static Type? Dictionary(Type t) =>
        t.IsGenericType && t.GetGenericArguments() is [var key, var value] && key == typeof(string)
        && typeof(IEnumerable).IsAssignableFrom(t) && t.GetGenericTypeDefinition().Name.Contains("Dictionary", StringComparison.Ordinal) ? value : null;

    private static Type? Element(Type t) =>
        t == typeof(string) ? null
        : t.IsArray ? t.GetElementType()
        : t.IsGenericType && typeof(IEnumerable).IsAssignableFrom(t) && t.GetGenericArguments() is [var element] ? element
        : null;

    /// <summary>JSON written by hand, so it can carry what a serializer refuses to write (lone surrogate escapes, raw bytes).</summary>
    private sealed class JsonText
    {
        private readonly MemoryStream _bytes = new();

        public byte[] Bytes => _bytes.ToArray();

        public JsonText Raw(string text)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            _bytes.Write(bytes);
            return this;
        }

        public JsonText Name(string name) => Raw(Escape(name)).Raw(":");

        public JsonText String(string value) => Raw(Escape(value));

        /// <summary>A string holding bytes that are not UTF-8.</summary>
        public JsonText InvalidUtf8String(Random random)
        {
            Raw("\"ok");
            _bytes.Write(HostileValues.Pick(random, new byte[] { 0xFF }, [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xE2, 0x28, 0xA1]));
            return Raw("\"");
        }

        /// <summary>Escapes everything outside printable ASCII as \uXXXX, lone surrogate halves included.</summary>
        public static string Escape(string text)
        {
            var builder = new StringBuilder("\"");
            foreach (var c in text)
            {
                if (c == '"') builder.Append("\\\"");
                else if (c == '\\') builder.Append("\\\\");
                else if (c is < ' ' or > '~') builder.Append("\\u").Append(((int)c).ToString("X4"));
                else builder.Append(c);
            }
            return builder.Append('"').ToString();
        }
    }
}
