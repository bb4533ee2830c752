using Occupancy.Grains.Telemetry;

namespace Occupancy.Api.Hosting;

/// <summary>
/// Keeps tokens, phone numbers and PINs out of the logs. The framework's request lines carry the query string,
/// and with it the hub's <c>access_token</c> (WebSockets cannot send headers from a browser) and a phone look-up's
/// number; Kestrel's bad-request lines carry the request target. These categories are held at Warning in code, so
/// a more talkative "Logging" configuration cannot bring those lines back (request paths name member ids). Our own log
/// lines never name a phone number, PIN, token or member id (they name bookings, sessions and places, and the phone
/// index's key is a hash).
/// </summary>
internal static class SensitiveLogs
{
    private static readonly string[] QueryCarryingCategories =
    [
        "Microsoft.AspNetCore.Hosting.Diagnostics",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Routing",
        "Microsoft.AspNetCore.Http.Connections",
        "Microsoft.AspNetCore.HttpLogging",
        "Microsoft.AspNetCore.W3CLogging",
    ];

    public static ILoggingBuilder KeepSecretsOut(this ILoggingBuilder logging)
    {
        foreach (var category in QueryCarryingCategories) logging.AddFilter(category, LogLevel.Warning);
        logging.KeepGrainKeysOut();
        return logging;
    }
}
