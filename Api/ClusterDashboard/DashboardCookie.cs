using System.Net.Http.Headers;
using Microsoft.Net.Http.Headers;

namespace Occupancy.Api.ClusterDashboard;

/// <summary>
/// How a browser reaches the dashboard signed in. A page cannot put a bearer header on a navigation, and the screens
/// keep their token in the tab's session storage, never in a cookie. So a signed-in admin's page posts its token to
/// <c>POST /admin/cluster/session</c> and gets it back as a cookie that only the dashboard ever sees and only for reading:
/// <list type="bullet">
/// <item>Path=/admin/cluster: the browser sends it nowhere else, and the Api reads it nowhere else;</item>
/// <item>HttpOnly: the dashboard's scripts cannot read it;</item>
/// <item>SameSite=Strict: no other site can make the browser send it (no cross-site request forgery);</item>
/// <item>accepted on GET and HEAD only: it can open the dashboard, never change anything;</item>
/// <item>it expires with the token (15 minutes in embedded mode), is validated like any bearer token (signature, issuer,
/// lifetime, and the admin role on every request), works on every Api node, and Secure when the request is HTTPS.</item>
/// </list>
/// </summary>
internal static class DashboardCookie
{
    public const string Name = "occupancy-cluster-dashboard";

    /// <summary>The token carried by the cookie, on a read of the dashboard that presents no Authorization header.</summary>
    public static string? TokenFrom(HttpRequest request) =>
        request.Path.StartsWithSegments(ClusterDashboardEndpoints.Address)
        && (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        && !request.Headers.ContainsKey(HeaderNames.Authorization)
        && request.Cookies.TryGetValue(Name, out var token) && token.Length > 0
            ? token
            : null;

    /// <summary>The bearer token this request presented in its Authorization header.</summary>
    public static string? PresentedToken(HttpRequest request) =>
        AuthenticationHeaderValue.TryParse(request.Headers.Authorization.ToString(), out var header)
        && string.Equals(header.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase)
        && header.Parameter is { Length: > 0 } token
            ? token
            : null;

    public static void Issue(HttpContext http, string token, DateTimeOffset expiresAt) =>
        http.Response.Cookies.Append(Name, token, Options(http, expiresAt));

    public static void Clear(HttpContext http) =>
        http.Response.Cookies.Delete(Name, Options(http, DateTimeOffset.UnixEpoch));

    private static CookieOptions Options(HttpContext http, DateTimeOffset expiresAt) => new()
    {
        Path = $"{http.Request.PathBase}{ClusterDashboardEndpoints.Address}",
        HttpOnly = true,
        SameSite = Microsoft.AspNetCore.Http.SameSiteMode.Strict,
        Secure = http.Request.IsHttps,
        Expires = expiresAt,
        IsEssential = true,
    };
}
