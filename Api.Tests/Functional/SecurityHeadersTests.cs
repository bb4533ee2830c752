using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Occupancy.Api.Tests.Support;

namespace Occupancy.Api.Tests.Functional;

/// <summary>Every page, file and API answer carries the security headers; the pages need no inline script or style.</summary>
[Collection(ApiCollection.Name)]
public sealed partial class SecurityHeadersTests(ApiFixture api)
{
    private const string Policy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' ws: wss:; " +
        "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

    [Theory]
    [InlineData("/")]
    [InlineData("/book")]
    [InlineData("/dashboard")]
    [InlineData("/display/facility/fuming-gym")]
    [InlineData("/display/canteen/binjiang-canteen")]
    [InlineData("/js/book.js")]
    [InlineData("/css/app.css")]
    [InlineData("/api/sites")]
    [InlineData("/api/sites/no-such-site")]
    [InlineData("/health/live")]
    [InlineData("/no/such/page")]
    public async Task Every_response_carries_the_content_security_policy_nosniff_and_no_referrer(string path)
    {
        var response = await api.Http.GetAsync(path);

        Assert.Equal(Policy, string.Join(";", response.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal("nosniff", string.Join(",", response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", string.Join(",", response.Headers.GetValues("Referrer-Policy")));
    }

    [Fact]
    public async Task Without_configured_origins_no_other_origin_is_allowed()
    {
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/sites");
        preflight.Headers.Add("Origin", "https://elsewhere.example");
        preflight.Headers.Add("Access-Control-Request-Method", "GET");
        using var get = new HttpRequestMessage(HttpMethod.Get, "/api/sites");
        get.Headers.Add("Origin", "https://elsewhere.example");

        var answers = new[] { await api.Http.SendAsync(preflight), await api.Http.SendAsync(get) };

        Assert.All(answers, a => Assert.False(a.Headers.Contains("Access-Control-Allow-Origin")));
    }

    [Fact]
    public async Task A_configured_origin_is_allowed_and_others_are_not()
    {
        await using var node = api.StartNode().WithWebHostBuilder(web => web.UseSetting("Cors:Origins:0", "https://screens.example"));
        var http = node.CreateClient();

        var allowed = await http.SendAsync(Preflight("https://screens.example"));
        var refused = await http.SendAsync(Preflight("https://elsewhere.example"));

        Assert.Equal(HttpStatusCode.NoContent, allowed.StatusCode);
        Assert.Equal("https://screens.example", allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.False(refused.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public void No_page_or_script_of_the_screens_has_inline_script_inline_style_or_event_handler_attributes()
    {
        var root = Wwwroot();
        var pages = Directory.GetFiles(root, "*.html", SearchOption.AllDirectories);
        var scripts = Directory.GetFiles(Path.Combine(root, "js"), "*.js", SearchOption.AllDirectories);
        Assert.NotEmpty(pages);

        var findings = pages.SelectMany(page => Findings(page, File.ReadAllText(page), InlineScript(), StyleAttribute(), StyleElement(), HandlerAttribute(), JavascriptUrl()))
            .Concat(scripts.SelectMany(script => Findings(script, File.ReadAllText(script), StyleAttribute(), HandlerAttribute(), StyleSetAttribute(), JavascriptUrl())))
            .ToArray();

        Assert.True(findings.Length == 0, "Blocked by the Content-Security-Policy:\n" + string.Join("\n", findings));
    }

    private static IEnumerable<string> Findings(string file, string text, params Regex[] rules) =>
        rules.SelectMany(rule => rule.Matches(text).Select(m => $"{Path.GetFileName(file)}: {m.Value}"));

    private static HttpRequestMessage Preflight(string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/api/sites");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "PUT");
        return request;
    }

    /// <summary>The source wwwroot of the Api (not a build copy), found from the test's output folder.</summary>
    private static string Wwwroot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "Api", "wwwroot");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException("Api/wwwroot not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"<script\b(?![^>]*\bsrc\s*=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [GeneratedRegex(@"<[a-z][^>]*\sstyle\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex StyleAttribute();

    [GeneratedRegex(@"<style\b", RegexOptions.IgnoreCase)]
    private static partial Regex StyleElement();

    [GeneratedRegex(@"<[a-z][^>]*\son[a-z]+\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex HandlerAttribute();

    [GeneratedRegex(@"setAttribute\(\s*['""](style|on[a-z]+)['""]", RegexOptions.IgnoreCase)]
    private static partial Regex StyleSetAttribute();

    [GeneratedRegex(@"javascript:", RegexOptions.IgnoreCase)]
    private static partial Regex JavascriptUrl();
}
