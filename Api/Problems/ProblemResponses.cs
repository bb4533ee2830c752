using Microsoft.AspNetCore.Http.HttpResults;
using Occupancy.Grains;

namespace Occupancy.Api.Problems;

/// <summary>Turns the grains' problems and outcomes into RFC 9457 responses with the contract's <c>code</c>.</summary>
internal static class ProblemResponses
{
    public const string RetryAfterSeconds = "2";

    public static ProblemHttpResult For(Problem problem) => For(problem.Code, problem.Detail, problem.Errors);

    public static ProblemHttpResult For(string code, string detail, IReadOnlyDictionary<string, string[]>? errors = null)
    {
        var details = new Microsoft.AspNetCore.Mvc.ProblemDetails
        {
            Type = $"/problems/{code}",
            Title = ProblemStatus.Title(code),
            Status = ProblemStatus.Of(code),
            Detail = detail,
            Extensions = { ["code"] = code },
        };
        if (errors is not null) details.Extensions["errors"] = errors;
        return TypedResults.Problem(details);
    }

    public static ProblemHttpResult InvalidId(string field) =>
        For(ProblemCodes.InvalidId, $"{field} must match ^[a-z0-9][a-z0-9-]{{0,63}}$.", new Dictionary<string, string[]> { [field] = ["Not a valid id."] });

    public static ProblemHttpResult Invalid(string field, string message) =>
        For(ProblemCodes.InvalidRequest, message, new Dictionary<string, string[]> { [field] = [message] });

    public static IResult ToResult<T>(this Outcome<T> outcome) =>
        outcome.Problem is { } problem ? For(problem) : TypedResults.Ok(outcome.Value);

    /// <summary>200 with the part of the value the route answers, or the problem.</summary>
    public static IResult ToResult<T, TAnswer>(this Outcome<T> outcome, Func<T, TAnswer> answer) =>
        outcome.Problem is { } problem ? For(problem) : TypedResults.Ok(answer(outcome.Value!));

    /// <summary>201 with the new resource's location (a replayed request answers the same again).</summary>
    public static IResult ToCreatedResult<T>(this Outcome<T> outcome, Func<T, string> location) =>
        outcome.Problem is { } problem ? For(problem) : TypedResults.Created(location(outcome.Value!), outcome.Value);

    public static IResult ToDefinitionResult<T>(this Outcome<DefinitionResult<T>> outcome, string location) =>
        outcome switch
        {
            { Problem: { } problem } => For(problem),
            { Value.Created: true } => TypedResults.Created(location, outcome.Value.Snapshot),
            _ => TypedResults.Ok(outcome.Value!.Snapshot),
        };

    public static IResult OrNotFound<T>(this T? snapshot, string what) where T : class =>
        snapshot is null ? For(ProblemCodes.NotFound, $"{what} does not exist.") : TypedResults.Ok(snapshot);
}
