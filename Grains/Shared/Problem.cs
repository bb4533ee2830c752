namespace Occupancy.Grains;

/// <summary>Why a command was refused: a contract problem code and a sentence for people.</summary>
[GenerateSerializer, Immutable, Alias("Problem")]
public sealed record Problem(
    [property: Id(0)] string Code,
    [property: Id(1)] string Detail,
    [property: Id(2)] IReadOnlyDictionary<string, string[]>? Errors = null)
{
    public static Problem NotFound(string what) => new(ProblemCodes.NotFound, $"{what} does not exist.");

    public static Problem Invalid(string field, string message) =>
        new(ProblemCodes.InvalidRequest, message, new Dictionary<string, string[]> { [field] = [message] });
}
