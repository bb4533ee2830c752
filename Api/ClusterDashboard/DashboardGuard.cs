using System.Reflection;
using Microsoft.AspNetCore.Http.HttpResults;
using Occupancy.Api.Problems;
using Occupancy.Grains;
using Orleans.Dashboard;

namespace Occupancy.Api.ClusterDashboard;

/// <summary>
/// Stands in front of every route of the Orleans dashboard, so its answers keep the Api's rules: a silo address is one
/// the cluster knows (else 404, where the package would fail the request); errors are problems, not text; and two views
/// are turned off — grain state (it calls every parameterless method of any grain by reflection, which here would
/// include methods that change things) and the live log (the nodes' logs stay in their log files).
/// </summary>
internal static class DashboardGuard
{
    /// <summary>The package's page, with a base address so that it works at the address with or without its trailing slash.</summary>
    private static readonly Lazy<string?> Page = new(ReadPage);

    public static async ValueTask<object?> Filter(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var route = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "";
        var view = route.Length > ClusterDashboardEndpoints.Address.Length ? route[(ClusterDashboardEndpoints.Address.Length + 1)..] : "";

        if (view.StartsWith("GrainState", StringComparison.Ordinal))
            return ProblemResponses.For(ProblemCodes.Forbidden, "The dashboard's grain state view is turned off: it calls grain methods by reflection.");
        if (view.StartsWith("Trace", StringComparison.Ordinal))
            return ProblemResponses.For(ProblemCodes.Forbidden, "The dashboard's live log is turned off: read the nodes' logs.");
        if (view.Length == 0 && Page.Value is { } page)
        {
            http.Response.Headers.CacheControl = "no-cache";
            return TypedResults.Content(page.Replace("<head>", $"<head>\n    <base href=\"{http.Request.PathBase}{ClusterDashboardEndpoints.Address}/\" />", StringComparison.Ordinal),
                "text/html; charset=utf-8");
        }
        if (SiloRouteValue(view) is { } silo && !await IsSiloOfTheCluster(http, http.Request.RouteValues[silo] as string))
            return ProblemResponses.For(ProblemCodes.NotFound, "No silo of the cluster has this address.");

        var result = await next(context);
        return result is IStatusCodeHttpResult { StatusCode: >= 400 and var status } and not ProblemHttpResult ? ProblemFor(status) : result;
    }

    /// <summary>The route value that names a silo, in the views that take one.</summary>
    private static string? SiloRouteValue(string view) =>
        view.StartsWith("HistoricalStats/", StringComparison.Ordinal) ? "path"
        : view.StartsWith("Silo", StringComparison.Ordinal) && view.Contains('/', StringComparison.Ordinal) ? "address"
        : null;

    private static async Task<bool> IsSiloOfTheCluster(HttpContext http, string? address)
    {
        if (string.IsNullOrEmpty(address)) return false;
        var silos = await http.RequestServices.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0).GetHosts(onlyActive: false);
        return silos.Keys.Any(silo => silo.ToParsableString() == address);
    }

    private static IResult ProblemFor(int status) => status switch
    {
        StatusCodes.Status404NotFound => ProblemResponses.For(ProblemCodes.NotFound, "The dashboard has no such file or view."),
        StatusCodes.Status403Forbidden => ProblemResponses.For(ProblemCodes.Forbidden, "This view of the dashboard is turned off."),
        _ => ProblemResponses.For(ProblemCodes.ClusterUnavailable, "The dashboard could not reach the cluster; try again shortly."),
    };

    private static string? ReadPage()
    {
        using var stream = typeof(DashboardOptions).Assembly.GetManifestResourceStream("Orleans.Dashboard.wwwroot.index.html");
        if (stream is null) return null;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
