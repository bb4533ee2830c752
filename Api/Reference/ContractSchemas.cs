using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Occupancy.Grains.Members;

namespace Occupancy.Api.Reference;

/// <summary>
/// Schemas as the contract writes its JSON, so generated clients read it: numbers are numbers (the Api also reads
/// digits in a string, but never writes them), instants are date-time strings (a custom converter hides that from
/// the generator), enums are strings, a member answer is one of two shapes with no type marker, and computed
/// conveniences of a request type are not fields of it.
/// </summary>
internal static class ContractSchemas
{
    public static Task Transform(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo.Type;
        var underlying = Nullable.GetUnderlyingType(type);
        var core = underlying ?? type;
        var nullable = underlying is not null ? JsonSchemaType.Null : 0;

        if (schema.Type is { } kinds && (kinds.HasFlag(JsonSchemaType.Integer) || kinds.HasFlag(JsonSchemaType.Number)) && kinds.HasFlag(JsonSchemaType.String))
        {
            schema.Type = kinds & ~JsonSchemaType.String;
            schema.Pattern = null;
        }
        if (core == typeof(DateTimeOffset))
        {
            schema.Type = JsonSchemaType.String | nullable;
            schema.Format = "date-time";
        }
        if (core.IsEnum) schema.Type = JsonSchemaType.String | nullable;
        if (type == typeof(MemberAnswer)) schema.Discriminator = null;
        if (schema.Properties is { Count: > 0 } properties)
        {
            foreach (var computed in context.JsonTypeInfo.Properties.Where(p => p.Set is null && p.Get is not null && IsRequestOnly(type)))
                properties.Remove(computed.Name);
        }
        return Task.CompletedTask;
    }

    /// <summary>Types only ever read from a request: a computed getter of theirs is never written.</summary>
    private static bool IsRequestOnly(Type type) => type == typeof(MemberProfile);
}
