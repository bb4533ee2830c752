using System.Collections.Concurrent;
using System.Text.Json;

namespace Occupancy.Api.Tests.Reference;

/// <summary>One answer of the contract: an operation, a status and, for a problem, its code.</summary>
public sealed record ContractAnswer(string OperationId, int Status, string? Code)
{
    public override string ToString() => $"{OperationId} {Status}{(Code is null ? "" : $" {Code}")}";
}

/// <summary>What a suite saw the operations answer (an answer no operation gave, such as a 405, is not counted).</summary>
public sealed class ObservedAnswers
{
    private readonly ConcurrentDictionary<ContractAnswer, int> _answers = new();

    public IReadOnlyCollection<ContractAnswer> Answers => [.. _answers.Keys];

    /// <summary>Records the answer, with the code of a problem body (<paramref name="text"/> may be empty for a success).</summary>
    public void Record(HttpResponseMessage response, string text)
    {
        if (!response.Headers.TryGetValues(OperationIdHeader.Name, out var names)) return;
        var status = (int)response.StatusCode;
        _answers.AddOrUpdate(new ContractAnswer(names.First(), status, status >= 400 ? CodeOf(response, text) : null), 1, (_, n) => n + 1);
    }

    public void Add(ObservedAnswers other)
    {
        foreach (var (answer, count) in other._answers) _answers.AddOrUpdate(answer, count, (_, n) => n + count);
    }

    private static string? CodeOf(HttpResponseMessage response, string text)
    {
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json") return null;
        try
        {
            using var json = JsonDocument.Parse(text);
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("code", out var code) ? code.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>
/// The suites whose answers the document is compared with, each run at most once per fixture: the test that owns a
/// suite and the comparison share one run, whichever of them xunit starts first.
/// </summary>
public sealed class SuiteRuns
{
    private readonly ConcurrentDictionary<string, Lazy<Task<object>>> _runs = new(StringComparer.Ordinal);

    public async Task<T> Once<T>(string suite, Func<Task<T>> run) where T : class =>
        (T)await _runs.GetOrAdd(suite, _ => new Lazy<Task<object>>(async () => await run())).Value;
}
