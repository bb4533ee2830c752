namespace Occupancy.Api.Hosting;

/// <summary>
/// The README's "Who may do what" section (the route × role table), embedded at build, so the OpenAPI document says
/// who may call what in the same words as the README, from one source.
/// </summary>
internal static class AccessTable
{
    private const string Heading = "### Who may do what";

    public static string Text { get; } = Read();

    private static string Read()
    {
        using var stream = typeof(AccessTable).Assembly.GetManifestResourceStream("Occupancy.README.md");
        if (stream is null) return "";
        var readme = new StreamReader(stream).ReadToEnd();
        var start = readme.IndexOf(Heading, StringComparison.Ordinal);
        if (start < 0) return "";
        var end = readme.IndexOf("\n### ", start + Heading.Length, StringComparison.Ordinal);
        return (end < 0 ? readme[start..] : readme[start..end]).Replace(Heading, "Who may do what", StringComparison.Ordinal).Trim();
    }
}
