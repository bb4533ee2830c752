using Occupancy.Api.Access;
using Occupancy.Api.Hosting;
using Occupancy.Api.Problems;
using Occupancy.Api.Reference;
using Occupancy.Grains;
using Occupancy.Grains.Sites;

namespace Occupancy.Api.Apis;

internal static class SitesApi
{
    public static IEndpointRouteBuilder MapSitesApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/sites", (IGrainFactory grains) => grains.GetGrain<ISiteDirectoryGrain>(0).List())
            .WithTags("Sites")
            .Produces<IReadOnlyList<SiteSummary>>()
            .Describe("listSites", "List sites", "All community complexes, with their names and time zones.");

        var api = app.MapGroup("/api/sites/{siteId}").WithTags("Sites").ValidatesRouteIds();

        api.MapGet("", async (string siteId, IGrainFactory grains) =>
                (await grains.GetGrain<ISiteGrain>(siteId).Get()).OrNotFound($"Site '{siteId}'"))
            .Produces<SiteSnapshot>()
            .Gives(ProblemCodes.NotFound)
            .Describe("getSite", "Read a site", "A site's live dashboard: every facility and canteen now, with totals.");

        api.MapPut("", async (string siteId, SiteDefinition definition, HttpContext context, IGrainFactory grains) =>
                (await grains.GetGrain<ISiteGrain>(siteId).Define(definition, context.Actor())).ToDefinitionResult($"/api/sites/{siteId}"))
            .Produces<SiteSnapshot>()
            .Produces<SiteSnapshot>(StatusCodes.Status201Created)
            .Gives(ProblemCodes.InvalidRequest)
            .Describe("defineSite", "Create or replace a site", "Creates (201, admin) or replaces (200, admin or staff of the site) a site.")
            .RequireAuthorization(AccessPolicies.Staff);

        return app;
    }
}
