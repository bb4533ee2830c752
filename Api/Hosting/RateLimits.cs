using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Occupancy.Api.Access;
using Occupancy.Api.Problems;
using Occupancy.Grains;

namespace Occupancy.Api.Hosting;

/// <summary>
/// Budgets for the REST routes and the hub's connection requests (static files and page shells are not counted:
/// they never reach the cluster). Over budget is 429 <c>rate-limited</c> with <c>Retry-After</c>.
/// </summary>
internal static class RateLimits
{
    /// <summary>The endpoint policy of the phone look-up, per staff subject.</summary>
    public const string PhoneLookup = "phone-lookup";

    public static IServiceCollection AddRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = configuration.GetSection("RateLimits").Get<RateLimitSettings>() ?? new RateLimitSettings();
        services.AddSingleton(settings);
        return services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = Reject;
            o.AddPolicy(PhoneLookup, context => settings.Enabled
                ? RateLimitPartition.GetFixedWindowLimiter($"lookup|{context.Actor().Subject}", _ => Window(settings.PhoneLookups, settings))
                : RateLimitPartition.GetNoLimiter("unmetered"));
            if (settings.Enabled) o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => Budget(context, settings));
        });
    }

    /// <summary>Place after authentication, so that the caller's subject is known.</summary>
    public static IApplicationBuilder UseRateLimits(this IApplicationBuilder app) => app.UseRateLimiter();

    private static RateLimitPartition<string> Budget(HttpContext context, RateLimitSettings settings)
    {
        var path = context.Request.Path;
        if (!path.StartsWithSegments("/api") && !path.StartsWithSegments("/hubs")) return RateLimitPartition.GetNoLimiter("unmetered");
        var actor = context.Actor();
        var write = !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method) && !HttpMethods.IsOptions(context.Request.Method);
        var permits = (actor.IsAuthenticated, write) switch
        {
            (true, true) => settings.SubjectWrites,
            (true, false) => settings.SubjectReads,
            (false, true) => settings.AddressWrites,
            (false, false) => settings.AddressReads,
        };
        // The anonymous actor's subject is "addr:<ip>"; a signed-in one's is its token subject.
        var key = $"{(write ? "w" : "r")}|{(actor.IsAuthenticated ? "sub:" : "")}{actor.Subject}";
        return RateLimitPartition.GetFixedWindowLimiter(key, _ => Window(permits, settings));
    }

    private static FixedWindowRateLimiterOptions Window(int permits, RateLimitSettings settings) => new()
    {
        PermitLimit = Math.Max(1, permits),
        Window = settings.Window,
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    private static async ValueTask Reject(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
            : 1;
        rejected.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await ProblemResponses.For(ProblemCodes.RateLimited, $"Too many requests; retry after {seconds} s.").ExecuteAsync(rejected.HttpContext);
    }
}
