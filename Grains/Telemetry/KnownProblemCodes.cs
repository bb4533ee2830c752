using System.Reflection;

namespace Occupancy.Grains.Telemetry;

/// <summary>The contract's problem codes as metric labels: anything else becomes "other", so no free text ever becomes a label.</summary>
public static class KnownProblemCodes
{
    private static readonly HashSet<string> Codes = typeof(ProblemCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToHashSet(StringComparer.Ordinal);

    public static string LabelOf(string? code) => code is not null && Codes.Contains(code) ? code : "other";
}
