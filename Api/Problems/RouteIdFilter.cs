using Occupancy.Grains;

namespace Occupancy.Api.Problems;

/// <summary>Every route value named <c>…Id</c> must have the contract's id shape; otherwise 400 invalid-id before any grain is called.</summary>
internal sealed class RouteIdFilter : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        foreach (var (name, value) in context.HttpContext.Request.RouteValues)
        {
            if (name.EndsWith("Id", StringComparison.Ordinal) && !Ids.IsValid(value as string))
                return ValueTask.FromResult<object?>(ProblemResponses.InvalidId(name));
        }
        return next(context);
    }
}
