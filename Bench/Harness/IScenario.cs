namespace Occupancy.Bench.Harness;

/// <summary>
/// One scenario of BENCHMARKS.md: it sets itself up against the running system, measures the system and, in the same
/// run, its floor (and the peer where there is one) through <see cref="Repeat"/>, and adds what it measured and its
/// targets to the report.
/// </summary>
internal interface IScenario
{
    /// <summary>The name on the command line: rush, spread, tables, fanout, reads, idle, lunch, city…</summary>
    string Name { get; }

    Task Run(BenchContext context, BenchReport report);
}
