namespace Occupancy.Api.Hosting;

/// <summary>
/// Which other origins' pages may call the Api ("Cors:Origins", a list). None by default: the screens are served
/// by the Api itself, so same-origin is all they need. Tokens travel in the Authorization header, never cookies,
/// so credentials are not allowed.
/// </summary>
internal static class CrossOrigin
{
    public static IServiceCollection AddCrossOrigin(this IServiceCollection services, IConfiguration configuration)
    {
        var origins = Origins(configuration);
        if (origins.Length == 0) return services;
        return services.AddCors(o => o.AddDefaultPolicy(policy => policy
            .WithOrigins(origins)
            .AllowAnyHeader()
            .AllowAnyMethod()
            .WithExposedHeaders("Location", "Retry-After", "ETag")));
    }

    public static IApplicationBuilder UseCrossOrigin(this IApplicationBuilder app) =>
        Origins(app.ApplicationServices.GetRequiredService<IConfiguration>()).Length == 0 ? app : app.UseCors();

    private static string[] Origins(IConfiguration configuration) =>
        configuration.GetSection("Cors:Origins").Get<string[]>()?.Where(o => !string.IsNullOrWhiteSpace(o)).Select(o => o.Trim().TrimEnd('/')).ToArray() ?? [];
}
