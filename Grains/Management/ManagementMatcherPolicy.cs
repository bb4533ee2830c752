using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Matching;

namespace Occupancy.Grains.Management;

/// <summary>
/// Routing by the listener a request arrived on, not by its Host header (which the caller chooses): a management
/// endpoint exists only on the management listener, and the public endpoints do not exist there.
/// </summary>
internal sealed class ManagementMatcherPolicy(ManagementListener listener) : MatcherPolicy, IEndpointSelectorPolicy
{
    public override int Order => 0;

    public bool AppliesToEndpoints(IReadOnlyList<Endpoint> endpoints) =>
        listener.Ports.Count > 0 || endpoints.Any(e => e.Metadata.GetMetadata<ManagementOnly>() is not null);

    public Task ApplyAsync(HttpContext httpContext, CandidateSet candidates)
    {
        var viaManagement = listener.Serves(httpContext.Connection.LocalPort);
        for (var i = 0; i < candidates.Count; i++)
        {
            if (!candidates.IsValidCandidate(i)) continue;
            var managementOnly = candidates[i].Endpoint.Metadata.GetMetadata<ManagementOnly>() is not null;
            if (managementOnly != viaManagement) candidates.SetValidity(i, false);
        }
        return Task.CompletedTask;
    }
}
