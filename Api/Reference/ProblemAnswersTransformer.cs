using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Occupancy.Api.Apis;
using Occupancy.Api.Hosting;
using Occupancy.Api.Problems;
using Occupancy.Grains;

namespace Occupancy.Api.Reference;

/// <summary>
/// Documents every problem an operation can answer, as <c>application/problem+json</c> with the one shared
/// <see cref="ProblemSchema"/>: the codes it declares (<see cref="Operations.Gives"/>) and those its kind gives anyway.
/// Each problem response lists its codes in <c>x-problem-codes</c> and shows one example per code.
/// </summary>
internal static class ProblemAnswersTransformer
{
    public const string CodesExtension = "x-problem-codes";

    public static Task Transform(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var codes = CodesOf(context.Description.ActionDescriptor.EndpointMetadata, context.Description.RelativePath ?? "", HasBody(context), operation);
        operation.Responses ??= [];
        foreach (var status in codes.GroupBy(ProblemStatus.Of).OrderBy(g => g.Key))
        {
            var key = status.Key.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var ordered = status.Distinct().Order(StringComparer.Ordinal).ToList();
            // One example per code, kept once in the document's components and referenced here.
            var examples = new Dictionary<string, IOpenApiExample>();
            foreach (var code in ordered)
            {
                context.Document!.Components ??= new OpenApiComponents();
                context.Document.Components.Examples ??= new Dictionary<string, IOpenApiExample>();
                context.Document.Components.Examples.TryAdd(code, new OpenApiExample { Summary = ProblemStatus.Title(code), Value = ProblemSchema.Example(code) });
                examples[code] = new OpenApiExampleReference(code, context.Document);
            }
            var response = new OpenApiResponse
            {
                Description = $"{ReasonOf(status.Key)}: {string.Join(", ", ordered)}.",
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    [ProblemSchema.MediaType] = new() { Schema = new OpenApiSchemaReference(ProblemSchema.Name, context.Document), Examples = examples },
                },
                Extensions = new Dictionary<string, IOpenApiExtension> { [CodesExtension] = new JsonNodeExtension(new JsonArray([.. ordered.Select(c => JsonValue.Create(c))])) },
            };
            if (status.Key is StatusCodes.Status401Unauthorized)
                response.Headers = new Dictionary<string, IOpenApiHeader> { ["WWW-Authenticate"] = Header("The bearer challenge (with error=\"invalid_token\" when a token was refused).") };
            if (status.Key is StatusCodes.Status429TooManyRequests or StatusCodes.Status503ServiceUnavailable)
                response.Headers = new Dictionary<string, IOpenApiHeader> { ["Retry-After"] = Header("Seconds to wait before trying again.", JsonSchemaType.Integer) };
            operation.Responses[key] = response;
        }
        return Task.CompletedTask;
    }

    /// <summary>The codes an operation can answer: declared ones, and those of its kind.</summary>
    internal static SortedSet<string> CodesOf(IList<object> metadata, string path, bool hasBody, OpenApiOperation operation)
    {
        var codes = new SortedSet<string>(metadata.OfType<ProblemAnswers>().SelectMany(p => p.Codes), StringComparer.Ordinal)
        {
            // Any request may carry a token that is refused (expired, foreign, malformed), public routes too.
            ProblemCodes.Unauthenticated,
            // Any request may declare a body over the limit, whatever the operation reads.
            ProblemStatus.PayloadTooLarge,
        };
        // Every /api route has a budget per caller (RateLimits).
        if (path.StartsWith("api/", StringComparison.Ordinal)) codes.Add(ProblemCodes.RateLimited);
        var policies = metadata.OfType<IAuthorizeData>().Select(a => a.Policy).ToHashSet();
        if (policies.Contains(AccessPolicies.Staff) || policies.Contains(AccessPolicies.Admin)) codes.Add(ProblemCodes.Forbidden);
        if (hasBody)
        {
            codes.Add(ProblemCodes.InvalidRequest);
            codes.Add(ProblemStatus.UnsupportedMediaType);
        }
        if (operation.Parameters?.Any(p => p.In == ParameterLocation.Header && p.Name == IdempotencyHeader.Name) == true)
        {
            codes.Add(ProblemCodes.InvalidRequest);
            codes.Add(ProblemCodes.IdempotencyKeyReused);
            codes.Add(ProblemCodes.RequestInProgress);
        }
        // The cluster or the store may not answer: the outcome is unknown, retry with the same Idempotency-Key.
        if (CallsTheCluster(metadata) && path.StartsWith("api/", StringComparison.Ordinal))
        {
            codes.Add(ProblemCodes.ClusterUnavailable);
            codes.Add(ProblemCodes.StorageUnavailable);
        }
        return codes;
    }

    private static bool HasBody(OpenApiOperationTransformerContext context) =>
        context.Description.ActionDescriptor.EndpointMetadata.OfType<IAcceptsMetadata>().Any(a => a.RequestType is not null);

    private static bool CallsTheCluster(IList<object> metadata) =>
        metadata.OfType<MethodInfo>().Any(m => m.GetParameters().Any(p => p.ParameterType == typeof(IGrainFactory)));

    private static OpenApiHeader Header(string description, JsonSchemaType type = JsonSchemaType.String) =>
        new() { Description = description, Schema = new OpenApiSchema { Type = type } };

    private static string ReasonOf(int status) => status switch
    {
        400 => "Bad request",
        401 => "No valid token",
        403 => "Not allowed for this caller",
        404 => "Not found",
        409 => "Conflicts with the current state",
        413 => "Body too large",
        415 => "Body not JSON",
        422 => "Idempotency-Key used for another request",
        429 => "Too many requests",
        503 => "Unavailable; the outcome is unknown",
        _ => "Problem",
    };
}
