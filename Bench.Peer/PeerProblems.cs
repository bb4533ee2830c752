using Microsoft.AspNetCore.Mvc;

namespace Occupancy.BenchPeer;

/// <summary>RFC 9457 answers with the contract's <c>code</c>, as the Api gives them.</summary>
internal static class PeerProblems
{
    public static IResult For(int status, string code, string detail, string? field = null)
    {
        var problem = new ProblemDetails { Type = $"/problems/{code}", Title = code, Status = status, Detail = detail, Extensions = { ["code"] = code } };
        if (field is not null) problem.Extensions["errors"] = new Dictionary<string, string[]> { [field] = [detail] };
        return TypedResults.Problem(problem);
    }

    public static IResult InvalidId(string field) => For(400, "invalid-id", $"{field} must match ^[a-z0-9][a-z0-9-]{{0,63}}$.", field);

    public static IResult Invalid(string field, string detail) => For(400, "invalid-request", detail, field);

    public static IResult NotFound(string what) => For(404, "not-found", $"{what} does not exist.");
}
