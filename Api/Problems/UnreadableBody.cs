using System.Text.Json;
using System.Text.RegularExpressions;

namespace Occupancy.Api.Problems;

/// <summary>
/// A body that could not be read into the request is a validation failure like any other: it answers the
/// contract's <c>errors</c> (<c>{ "field": ["message"] }</c>), naming JSON fields rather than .NET types.
/// </summary>
internal static partial class UnreadableBody
{
    private const string Body = "body";

    [GeneratedRegex("missing required properties including: (?<names>.*?)\\.?$", RegexOptions.CultureInvariant)]
    private static partial Regex MissingProperties();

    [GeneratedRegex("'(?<name>[^']+)'", RegexOptions.CultureInvariant)]
    private static partial Regex QuotedName();

    public static (string Detail, IReadOnlyDictionary<string, string[]> Errors) Describe(BadHttpRequestException bad)
    {
        if (bad.InnerException is not JsonException json)
        {
            // The framework's own wording here speaks to the server's developer ("implicit body inferred …").
            return bad.Message.Contains("no body was provided", StringComparison.Ordinal)
                ? ("The request needs a JSON body.", Errors(Body, "A JSON body is required."))
                : ($"The request is not valid: {bad.Message}", Errors(Body, bad.Message));
        }

        if (MissingProperties().Match(json.Message) is { Success: true } missing)
        {
            var names = QuotedName().Matches(missing.Groups["names"].Value).Select(m => m.Groups["name"].Value).ToArray();
            if (names.Length > 0)
            {
                return ($"The body lacks required fields: {string.Join(", ", names)}.",
                    names.ToDictionary(name => name, _ => new[] { "Required." }));
            }
        }

        var field = Field(json.Path);
        var where = json.LineNumber is { } line ? $" (line {line + 1}, byte {json.BytePositionInLine + 1})" : "";
        return field == Body
            ? ($"The body is not valid JSON for this request{where}.", Errors(Body, "Not a JSON object of the expected shape."))
            : ($"The body is not valid: '{field}' has the wrong type or value{where}.", Errors(field, "Wrong type or value."));
    }

    /// <summary>"$.annualCard.validUntil" → "annualCard.validUntil"; "$" or none → "body".</summary>
    private static string Field(string? path) =>
        path is null or "$" ? Body : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');

    private static Dictionary<string, string[]> Errors(string field, string message) => new() { [field] = [message] };
}
