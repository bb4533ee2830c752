using System.Globalization;

namespace Occupancy.Bench.Scenarios;

/// <summary>
/// What one rush saw: every booker's latency, how long until all had a first answer, and the answers, where a first
/// answer of 503 (outcome unknown) is replaced by what its retries with the same key were told
/// (<see cref="RetriedUnknown"/> of them).
/// </summary>
internal sealed record RushOutcome(
    RushSize Size,
    Latencies Latency,
    TimeSpan AllAnswered,
    int Confirmed,
    int[] WaitlistPositions,
    int Full,
    IReadOnlyDictionary<string, int> Other,
    int? SessionBooked,
    int? SessionWaitlisted,
    int RetriedUnknown)
{
    /// <summary>Exactly the capacity confirmed (and the session says so), the waitlist filled with positions 1..n once each, the rest full.</summary>
    public bool Correct =>
        Confirmed == Size.Capacity && SessionBooked == Size.Capacity
        && WaitlistPositions.Order().SequenceEqual(Enumerable.Range(1, Size.ExpectedWaitlisted))
        && (SessionWaitlisted is null || SessionWaitlisted == Size.ExpectedWaitlisted)
        && Full == Size.ExpectedFull && Other.Count == 0;

    /// <summary>Every booker answered 409 full (what a floor answers).</summary>
    public bool AllFull => Full == Size.Bookers && Other.Count == 0;

    public string Answers()
    {
        var positions = WaitlistPositions.Order().ToArray();
        var inOrder = positions.SequenceEqual(Enumerable.Range(1, positions.Length));
        var other = Other.Count == 0 ? "" : ", other: " + string.Join(", ", Other.Select(o => $"{o.Key} ×{o.Value}"));
        var retried = RetriedUnknown == 0 ? "" : $"; {RetriedUnknown} first answered 503 (outcome unknown) and retried with their key, counted by the retry's answer";
        return string.Create(CultureInfo.InvariantCulture,
            $"confirmed {Confirmed} (session says booked {SessionBooked?.ToString(CultureInfo.InvariantCulture) ?? "?"}), waitlisted {positions.Length} " +
            $"(positions {(positions.Length == 0 ? "none" : $"{positions[0]}..{positions[^1]}")}{(inOrder ? " each once" : " NOT 1..n each once")}), full {Full}{other}{retried}");
    }
}
