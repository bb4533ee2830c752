namespace Occupancy.Bench.Harness;

/// <summary>Runs a variant's repetitions: warm-ups first (discarded), then the measured ones.</summary>
internal static class Repeat
{
    /// <param name="once">One repetition; its argument is the repetition's number (negative for warm-ups), so each can use fresh ids.</param>
    public static async Task<Measured> Run(BenchContext context, string scenario, string variant,
        Func<int, Task<Repetition>> once)
    {
        for (var w = 1; w <= context.Warmups; w++)
        {
            context.Log($"{scenario} / {variant}: warm-up {w}/{context.Warmups}");
            await once(-w);
        }

        var repetitions = new List<IReadOnlyList<Figure>>();
        var notes = new List<string>();
        var cpu = CpuUse.Start(context.Processes);
        for (var r = 1; r <= context.Repetitions; r++)
        {
            var repetition = await once(r);
            context.Log($"{scenario} / {variant}: {r}/{context.Repetitions}: {string.Join(", ", repetition.Figures.Select(f => $"{f.Name} {f.Value:0.#} {f.Unit}"))}");
            repetitions.Add(repetition.Figures);
            notes.AddRange(repetition.Notes.Select(n => $"repetition {r}: {n}"));
        }

        var cpuUse = cpu.Describe();
        context.Log($"{scenario} / {variant}: {cpuUse}");
        notes.Add(cpuUse);
        return new Measured(scenario, variant, repetitions, notes);
    }
}

/// <summary>What one repetition measured, with notes for the reader (a correctness check, errors seen).</summary>
internal sealed record Repetition(IReadOnlyList<Figure> Figures, IReadOnlyList<string> Notes)
{
    public Repetition(params Figure[] figures) : this(figures, []) { }
}
