using System.Text.Json.Serialization;
using Occupancy.Grains.Members;

namespace Occupancy.Grains.Sessions;

/// <summary>
/// Who may book a session, judged against the member's profile. No age groups listed means every age group.
/// <see cref="AnnualCardWaivedFor"/> lets some age groups in without a card (a gym free for seniors).
/// </summary>
[GenerateSerializer, Immutable, Alias("Eligibility")]
public sealed record Eligibility(
    [property: Id(0)] IReadOnlyList<AgeGroup>? AgeGroups = null,
    [property: Id(1)] bool AnnualCardRequired = false,
    [property: Id(2)] bool ResidentsOnly = false,
    [property: Id(3), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<AgeGroup>? AnnualCardWaivedFor = null)
{
    public static Eligibility Everyone { get; } = new([]);

    /// <summary>The form snapshots show: the age group list is always present (empty = everyone).</summary>
    public Eligibility Normalized() => this with { AgeGroups = AgeGroups ?? [] };

    public Problem? Validate()
    {
        if (AgeGroups is not null && AgeGroups.Any(g => !Enum.IsDefined(g)))
            return Problem.Invalid("eligibility.ageGroups", "ageGroups lists senior, adult or child.");
        if (AnnualCardWaivedFor is not null && AnnualCardWaivedFor.Any(g => !Enum.IsDefined(g)))
            return Problem.Invalid("eligibility.annualCardWaivedFor", "annualCardWaivedFor lists senior, adult or child.");
        return null;
    }
}
