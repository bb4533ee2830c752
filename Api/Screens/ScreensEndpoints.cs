using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;
using Occupancy.Grains;

namespace Occupancy.Api.Screens;

/// <summary>
/// The browser screens (entrance displays, booking, dashboard, administration): static pages under wwwroot that talk to the
/// REST routes and the hub. Served from the screens folder wherever the Api is started from.
/// </summary>
internal static class ScreensEndpoints
{
    /// <summary>The page every screen route answers with; the page reads its id from the address.</summary>
    private static readonly (string Route, string Page)[] Routes =
    [
        ("/", "index.html"),
        ("/display/canteen/{id}", "display-canteen.html"),
        ("/display/facility/{id}", "display-facility.html"),
        ("/book", "book.html"),
        ("/dashboard", "dashboard.html"),
        ("/dashboard/{id}", "dashboard.html"),
        ("/admin", "admin.html"),
        ("/kiosk/{id}", "kiosk.html"),
    ];

    /// <summary>
    /// Static files of the screens (scripts, styles, texts, the vendored SignalR client). The content root is the
    /// working directory, so a started-from-anywhere Api falls back to the copy beside its assembly.
    /// </summary>
    public static IApplicationBuilder UseScreens(this IApplicationBuilder app)
    {
        var files = ScreenFiles(app.ApplicationServices.GetRequiredService<IWebHostEnvironment>());
        return app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            // Screens run for months: revalidate so a new release reaches them on their next load.
            OnPrepareResponse = context => context.Context.Response.Headers.CacheControl = "no-cache",
        });
    }

    public static IEndpointRouteBuilder MapScreens(this IEndpointRouteBuilder app)
    {
        var files = ScreenFiles(app.ServiceProvider.GetRequiredService<IWebHostEnvironment>());
        foreach (var (route, page) in Routes)
        {
            var endpoint = route.EndsWith("{id}", StringComparison.Ordinal)
                ? app.MapGet(route, (HttpContext http, string id) => Ids.IsValid(id) ? Page(http, files, page) : Results.NotFound())
                : app.MapGet(route, (HttpContext http) => Page(http, files, page));
            endpoint.ExcludeFromDescription();
        }
        return app;
    }

    private static IResult Page(HttpContext http, IFileProvider files, string page)
    {
        var file = files.GetFileInfo(page);
        if (!file.Exists) return Results.NotFound();
        http.Response.Headers.CacheControl = "no-cache";
        return Results.Stream(file.CreateReadStream(), "text/html; charset=utf-8", lastModified: file.LastModified,
            entityTag: new EntityTagHeaderValue($"\"{file.LastModified.UtcTicks:x}-{file.Length:x}\""));
    }

    private static IFileProvider ScreenFiles(IWebHostEnvironment environment)
    {
        string[] candidates = [environment.WebRootPath ?? "", Path.Combine(AppContext.BaseDirectory, "wwwroot")];
        var root = candidates.FirstOrDefault(path => path.Length > 0 && File.Exists(Path.Combine(path, "index.html")));
        return root is null ? new NullFileProvider() : new PhysicalFileProvider(root);
    }
}
