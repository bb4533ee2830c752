namespace Occupancy.Api.Reference;

/// <summary>
/// What an operation says of itself in the OpenAPI document: its id, summary and description, and the problems it can
/// give beyond those its kind gives anyway (every operation: 401; a body: 400, 413, 415; an Idempotency-Key: 400,
/// 409, 422; see <see cref="ProblemAnswersTransformer"/>).
/// </summary>
internal static class Operations
{
    public static RouteHandlerBuilder Describe(this RouteHandlerBuilder builder, string operationId, string summary, string description) =>
        builder.WithName(operationId).WithSummary(summary).WithDescription(description);

    /// <summary>The problem codes (of <c>ProblemCodes</c>) this operation or group can answer; each is documented with its status.</summary>
    public static TBuilder Gives<TBuilder>(this TBuilder builder, params string[] codes) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ProblemAnswers(codes));
}

/// <summary>Endpoint metadata: problem codes an operation can answer. Several may be present (group and endpoint).</summary>
internal sealed record ProblemAnswers(IReadOnlyList<string> Codes);
