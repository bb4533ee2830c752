using Occupancy.Api.Reference;
using Occupancy.Grains;

namespace Occupancy.Api.Problems;

internal static class RouteIds
{
    /// <summary>Refuses a malformed route id with 400 invalid-id (<see cref="RouteIdFilter"/>) and says so in the OpenAPI document.</summary>
    public static TBuilder ValidatesRouteIds<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter<TBuilder, RouteIdFilter>().Gives(ProblemCodes.InvalidId);
}
