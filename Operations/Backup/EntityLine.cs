using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Azure.Data.Tables;

namespace Occupancy.Operations.Backup;

/// <summary>
/// One entity as one line of JSON, every property with its EDM type, so a restore writes back exactly what was read:
/// <code>{"PartitionKey":"…","RowKey":"…","Timestamp":"…","Properties":{"Data":{"Type":"Binary","Value":"base64…"}}}</code>
/// Types: String, Binary (base64), Int32, Int64 (a string: JSON numbers lose precision past 2^53 in many readers),
/// Double (a number, or "NaN", "Infinity", "-Infinity"), Boolean, DateTime (ISO 8601, UTC, to the tick), Guid.
/// Timestamp is informational: the service sets a new one on every write, so a restore ignores it, as it does ETags.
/// </summary>
public static class EntityLine
{
    private const string PartitionKey = "PartitionKey";
    private const string RowKey = "RowKey";
    private const string Timestamp = "Timestamp";
    private const string Properties = "Properties";
    private const string Type = "Type";
    private const string Value = "Value";

    /// <summary>Writes the entity as one line of JSON (without the line break).</summary>
    public static void Write(Utf8JsonWriter json, TableEntity entity)
    {
        json.WriteStartObject();
        json.WriteString(PartitionKey, entity.PartitionKey);
        json.WriteString(RowKey, entity.RowKey);
        if (entity.Timestamp is { } timestamp) json.WriteString(Timestamp, timestamp.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
        json.WriteStartObject(Properties);
        foreach (var (name, value) in entity)
        {
            if (IsSystemKey(name) || value is null) continue;
            json.WriteStartObject(name);
            WriteValue(json, name, value);
            json.WriteEndObject();
        }
        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>The entity a line holds, typed as it was stored; throws <see cref="FormatException"/> for anything else.</summary>
    public static TableEntity Parse(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            var entity = new TableEntity(root.GetProperty(PartitionKey).GetString()!, root.GetProperty(RowKey).GetString()!);
            foreach (var property in root.GetProperty(Properties).EnumerateObject())
            {
                if (IsSystemKey(property.Name)) throw new FormatException($"property {property.Name} is the service's own");
                entity[property.Name] = ReadValue(property.Value.GetProperty(Type).GetString()!, property.Value.GetProperty(Value));
            }
            return entity;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or ArgumentException or OverflowException)
        {
            throw new FormatException(e.Message, e);
        }
    }

    /// <summary>Keys the service owns (the entity's keys are written on their own; ETag and Timestamp are never restored).</summary>
    private static bool IsSystemKey(string name) =>
        name is PartitionKey or RowKey or Timestamp || name.StartsWith("odata.", StringComparison.Ordinal) || name.Contains("@odata.", StringComparison.Ordinal);

    private static void WriteValue(Utf8JsonWriter json, string name, object value)
    {
        switch (value)
        {
            case string text:
                json.WriteString(Type, "String");
                json.WriteString(Value, text);
                break;
            case byte[] bytes:
                json.WriteString(Type, "Binary");
                json.WriteBase64String(Value, bytes);
                break;
            case BinaryData data:
                json.WriteString(Type, "Binary");
                json.WriteBase64String(Value, data.ToMemory().Span);
                break;
            case int number:
                json.WriteString(Type, "Int32");
                json.WriteNumber(Value, number);
                break;
            case long number:
                json.WriteString(Type, "Int64");
                json.WriteString(Value, number.ToString(CultureInfo.InvariantCulture));
                break;
            case double number:
                json.WriteString(Type, "Double");
                if (double.IsFinite(number)) json.WriteNumber(Value, number);
                else json.WriteString(Value, number.ToString(CultureInfo.InvariantCulture));
                break;
            case bool flag:
                json.WriteString(Type, "Boolean");
                json.WriteBoolean(Value, flag);
                break;
            case DateTimeOffset time:
                json.WriteString(Type, "DateTime");
                json.WriteString(Value, time.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
                break;
            case DateTime time:
                json.WriteString(Type, "DateTime");
                json.WriteString(Value, new DateTimeOffset(DateTime.SpecifyKind(time, time.Kind == DateTimeKind.Unspecified ? DateTimeKind.Utc : time.Kind)).ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
                break;
            case Guid guid:
                json.WriteString(Type, "Guid");
                json.WriteString(Value, guid.ToString("D"));
                break;
            default:
                throw new NotSupportedException($"property {name} has a value of type {value.GetType().Name}, which is not an EDM type this backup knows");
        }
    }

    private static object ReadValue(string type, JsonElement value) => type switch
    {
        "String" => value.GetString()!,
        "Binary" => value.GetBytesFromBase64(),
        "Int32" => value.GetInt32(),
        "Int64" => long.Parse(value.GetString()!, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture),
        "Double" => value.ValueKind == JsonValueKind.String
            ? double.Parse(value.GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture)
            : value.GetDouble(),
        "Boolean" => value.GetBoolean(),
        "DateTime" => DateTimeOffset.ParseExact(value.GetString()!, "O", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
        "Guid" => Guid.ParseExact(value.GetString()!, "D"),
        _ => throw new FormatException($"unknown property type {type}"),
    };

    /// <summary>Writes entities as lines into a reusable buffer: one allocation per backup, not per entity.</summary>
    public sealed class Writer
    {
        private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);
        private readonly Utf8JsonWriter _json;

        public Writer() => _json = new Utf8JsonWriter(_buffer, new JsonWriterOptions
        {
            SkipValidation = true,
            // Names and places are Chinese: kept as UTF-8, not \u-escaped (the file is data, never HTML).
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        });

        /// <summary>The entity's line, with its line break; valid until the next call.</summary>
        public ReadOnlyMemory<byte> LineOf(TableEntity entity)
        {
            _buffer.ResetWrittenCount();
            _json.Reset(_buffer);
            Write(_json, entity);
            _json.Flush();
            _buffer.Write("\n"u8);
            return _buffer.WrittenMemory;
        }
    }
}
