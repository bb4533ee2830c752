using System.Text;

namespace Occupancy.Api.Tests.Hostile;

/// <summary>
/// One malformed request, reproducible from the run's seed and its <see cref="Index"/>. <see cref="Poisons"/> names what
/// in it the contract requires to be refused (empty when nothing is: a read with odd headers may well succeed).
/// </summary>
internal sealed record HostileRequest(
    int Index,
    ApiEndpoint Endpoint,
    string Method,
    string PathAndQuery,
    Credential Credential,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    HostileBody? Body,
    IReadOnlyList<string> Poisons)
{
    public bool WithValidToken => Credential.Kind == CredentialKind.Admin;

    /// <summary>Whether the request uses its endpoint's own method (a wrong one may reach another endpoint of the route).</summary>
    public bool OwnMethod => Method == Endpoint.Method;

    public string Describe(int seed)
    {
        var text = new StringBuilder();
        text.Append(CultureInvariant($"seed {seed} request #{Index} [{Endpoint.Name}] {Method} {Shorten(PathAndQuery, 300)}"));
        if (Uri.TryCreate("http://localhost" + PathAndQuery, UriKind.Absolute, out var sent) && sent.PathAndQuery != PathAndQuery)
            text.Append(CultureInvariant($" (sent as {Shorten(sent.PathAndQuery, 300)})"));
        text.Append(CultureInvariant($" | auth: {Credential.Kind} ({Credential.Label})"));
        foreach (var (name, value) in Headers) text.Append(CultureInvariant($" | {name}: {Shorten(Visible(value), 80)}"));
        if (Body is { } body)
        {
            text.Append(CultureInvariant($" | body: {body.Label}, {body.Bytes.Length} bytes{(body.Chunked ? " chunked" : "")}, Content-Type {body.ContentType ?? "(none)"}: "));
            text.Append(Shorten(Visible(Encoding.UTF8.GetString(body.Bytes, 0, Math.Min(body.Bytes.Length, 400))), 200));
        }
        text.Append(CultureInvariant($" | poisons: {(Poisons.Count == 0 ? "none" : string.Join(", ", Poisons))}"));
        return text.ToString();
    }

    private static string CultureInvariant(FormattableString text) => FormattableString.Invariant(text);

    public static string Shorten(string text, int max) => text.Length <= max ? text : $"{text[..max]}… ({text.Length} chars)";

    /// <summary>Control and invisible characters shown as escapes, so a report line shows what was sent.</summary>
    public static string Visible(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text) builder.Append(c is < ' ' or (>= '\u007F' and <= '\u00A0') or (>= '\u2000' and <= '\u206F') or '\uFEFF' || char.IsSurrogate(c) ? $"\\u{(int)c:X4}" : c.ToString());
        return builder.ToString();
    }
}
