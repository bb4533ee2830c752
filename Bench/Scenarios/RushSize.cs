namespace Occupancy.Bench.Scenarios;

/// <summary>How big a rush is: bookers pressing at once for one session of <see cref="Capacity"/> seats and a waitlist.</summary>
internal sealed record RushSize(int Bookers, int Capacity, int Waitlist)
{
    public int ExpectedWaitlisted => Math.Min(Waitlist, Math.Max(0, Bookers - Capacity));

    public int ExpectedFull => Math.Max(0, Bookers - Capacity - ExpectedWaitlisted);
}
