using CsCheck;
using Xunit.Abstractions;

namespace Occupancy.Grains.Tests.Booking.Model;

/// <summary>
/// The session's booking rules against a reference model: random sequences of bookings, cancellations, holds
/// granted or refused (for now or for good), writes failed and reverted, the clock moving and the session
/// redefined, with several requests in flight at once. A failure names the seed that reproduces it (shrunk):
/// set <c>SESSION_MODEL_SEED</c> (or <c>CsCheck_Seed</c>) to it to run that case first.
/// </summary>
public sealed class SessionRulesModelTests(ITestOutputHelper output)
{
    private const int Sequences = 10_000;

    private static readonly Gen<(int Capacity, int WaitCapacity, int ClosesInMinutes, int[] Steps)> Cases =
        Gen.Select(Gen.Int[1, 4], Gen.Int[0, 4], Gen.Int[3, 20], Gen.Int[0, 19_999].Array[10, 90]);

    [Fact]
    public void The_rules_agree_with_the_reference_and_keep_their_invariants_over_10000_random_sequences()
    {
        var seed = Environment.GetEnvironmentVariable("SESSION_MODEL_SEED") ?? Check.Seed;
        var runs = 0;
        Cases.Sample(c =>
        {
            Interlocked.Increment(ref runs);
            new ModelRun(c.Capacity, c.WaitCapacity, c.ClosesInMinutes).Run(c.Steps);
        }, writeLine: output.WriteLine, seed: seed, iter: Sequences, threads: 1,
        print: c => $"capacity {c.Capacity}, waitlist {c.WaitCapacity}, closes in {c.ClosesInMinutes} min, steps [{string.Join(",", c.Steps)}]");
        output.WriteLine($"{runs} sequences run{(seed is null ? "" : $" from seed {seed}")}");
        lock (ModelRun.Reached)
        {
            foreach (var (what, count) in ModelRun.Reached.OrderBy(r => r.Key)) output.WriteLine($"  {what}: {count}");
        }
        Assert.True(runs >= Sequences, $"only {runs} sequences ran");
    }
}
