using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Occupancy.Api.Problems;
using Occupancy.Grains;

namespace Occupancy.Api.Reference;

/// <summary>The one problem schema of the document (RFC 9457 with the contract's <c>code</c> and <c>errors</c>).</summary>
internal static class ProblemSchema
{
    public const string Name = "Problem";
    public const string MediaType = "application/problem+json";

    /// <summary>Every code a problem may carry: the contract's, and the protocol codes the Api names by status.</summary>
    public static IReadOnlyList<string> Codes { get; } =
    [
        .. typeof(ProblemCodes).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!),
        .. typeof(ProblemStatus).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!),
    ];

    public static OpenApiSchema Schema() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "A refusal or failure (RFC 9457). `code` says which; `errors` names the fields at fault, when there are any.",
        Required = new HashSet<string> { "type", "title", "status", "code" },
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "/problems/{code}." },
            ["title"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A short title of the kind of problem." },
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Description = "The HTTP status." },
            ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "What went wrong with this request, for a person." },
            ["code"] = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Description = "The contract's problem code: clients branch on it, never on the text.",
                Enum = [.. Codes.Order(StringComparer.Ordinal).Select(c => (JsonNode)JsonValue.Create(c))],
            },
            ["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "Field → messages, for a request that is not valid.",
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
            },
            ["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The request's trace id, to quote to an operator." },
        },
    };

    public static JsonObject Example(string code)
    {
        var example = new JsonObject
        {
            ["type"] = $"/problems/{code}",
            ["title"] = ProblemStatus.Title(code),
            ["status"] = ProblemStatus.Of(code),
            ["detail"] = Detail(code),
            ["code"] = code,
        };
        if (code is ProblemCodes.InvalidId or ProblemCodes.InvalidRequest)
            example["errors"] = new JsonObject { [code == ProblemCodes.InvalidId ? "sessionId" : "count"] = new JsonArray(code == ProblemCodes.InvalidId ? "Not a valid id." : "Between 1 and 1000.") };
        return example;
    }

    private static string Detail(string code) => code switch
    {
        ProblemCodes.InvalidId => "sessionId must match ^[a-z0-9][a-z0-9-]{0,63}$.",
        ProblemCodes.InvalidRequest => "count is between 1 and 1000.",
        ProblemCodes.Unauthenticated => "Send a valid bearer token.",
        ProblemCodes.Forbidden => "Only staff of this site may do this.",
        ProblemCodes.NotFound => "Session 'yoga-0601' does not exist.",
        ProblemCodes.Full => "Every seat and waitlist place is taken.",
        ProblemCodes.RateLimited => "Too many requests; retry after 5 s.",
        ProblemCodes.StorageUnavailable or ProblemCodes.ClusterUnavailable => "The change may or may not have been made. Retry with the same Idempotency-Key.",
        _ => ProblemStatus.Title(code),
    };
}
