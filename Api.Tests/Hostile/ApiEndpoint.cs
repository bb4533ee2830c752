using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;

namespace Occupancy.Api.Tests.Hostile;

/// <summary>
/// One route and method of the running Api, as its endpoint metadata describes it: the route values it takes, the
/// JSON body type it reads, its query parameters and whether it reads an Idempotency-Key. Read from the Api itself so
/// routes added later are attacked without anyone listing them here.
/// </summary>
internal sealed record ApiEndpoint(
    string Method,
    RoutePattern Pattern,
    IReadOnlyList<string> RouteValues,
    Type? BodyType,
    bool BodyOptional,
    IReadOnlyList<string> QueryNames,
    bool ReadsIdempotencyKey)
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>"PUT /api/sites/{siteId}": a group's own route ("") leaves a trailing slash in the raw text.</summary>
    public string Name => $"{Method} {(Pattern.RawText is { Length: > 1 } raw ? raw.TrimEnd('/') : Pattern.RawText)}";

    /// <summary>Whether the method may change something (everything but GET, HEAD and OPTIONS).</summary>
    public bool Writes => Method is not ("GET" or "HEAD" or "OPTIONS");

    /// <summary>Every route × method of the Api except the SignalR transport, which the hub part attacks instead.</summary>
    public static IReadOnlyList<ApiEndpoint> Discover(IServiceProvider services) =>
        services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<HubMetadata>() is null)
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(method => From(e, method)))
            .DistinctBy(e => e.Name)
            .OrderBy(e => e.Name, StringComparer.Ordinal)
            .ToList();

    private static ApiEndpoint From(RouteEndpoint endpoint, string method)
    {
        var routeValues = endpoint.RoutePattern.Parameters.Select(p => p.Name).ToList();
        var accepts = endpoint.Metadata.GetMetadata<IAcceptsMetadata>();
        var parameters = endpoint.Metadata.OfType<IParameterBindingMetadata>().ToList();
        var readsKey = parameters.Any(p => p.ParameterInfo.GetCustomAttribute<FromHeaderAttribute>()?.Name == IdempotencyKeyHeader);
        var queryNames = parameters
            .Where(p => !routeValues.Contains(p.Name, StringComparer.OrdinalIgnoreCase))
            .Where(p => p.ParameterInfo.GetCustomAttribute<FromHeaderAttribute>() is null && p.ParameterInfo.GetCustomAttribute<FromBodyAttribute>() is null)
            .Where(p => p.HasTryParse || (Nullable.GetUnderlyingType(p.ParameterInfo.ParameterType) ?? p.ParameterInfo.ParameterType) == typeof(string))
            .Select(p => p.ParameterInfo.GetCustomAttribute<FromQueryAttribute>()?.Name ?? p.Name)
            .ToList();
        return new ApiEndpoint(method.ToUpperInvariant(), endpoint.RoutePattern, routeValues, accepts?.RequestType, accepts?.IsOptional ?? false, queryNames, readsKey);
    }

    /// <summary>The address with each route value replaced by its (already encoded) value; optional values may be left out.</summary>
    public string Path(IReadOnlyDictionary<string, string> encodedValues)
    {
        var segments = new List<string>();
        foreach (var segment in Pattern.PathSegments)
        {
            var text = new System.Text.StringBuilder();
            foreach (var part in segment.Parts)
            {
                switch (part)
                {
                    case RoutePatternLiteralPart literal: text.Append(literal.Content); break;
                    case RoutePatternSeparatorPart separator: text.Append(separator.Content); break;
                    case RoutePatternParameterPart parameter when encodedValues.TryGetValue(parameter.Name, out var value): text.Append(value); break;
                }
            }
            if (text.Length > 0) segments.Add(text.ToString());
        }
        return "/" + string.Join('/', segments);
    }
}
