namespace Occupancy.Grains;

/// <summary>Why a command was refused: a contract problem code and a sentence for people.</summary>
[GenerateSerializer, Immutable, Alias("Problem")]
public sealed record Problem(
    [property: Id(0)] string Code,
    [property: Id(1)] string Detail,
    [property: Id(2)] IReadOnlyDictionary<string, string[]>? Errors = null)
{
    public static Problem NotFound(string what) => new(ProblemCodes.NotFound, $"{what} does not exist.");

    /// <summary>An id field that does not have the contract's id shape.</summary>
    public static Problem InvalidId(string field) =>
        new(ProblemCodes.InvalidId, $"{field} is not a valid id.", new Dictionary<string, string[]> { [field] = ["Not a valid id."] });

    public static Problem Invalid(string field, string message) =>
        new(ProblemCodes.InvalidRequest, message, new Dictionary<string, string[]> { [field] = [message] });
}
