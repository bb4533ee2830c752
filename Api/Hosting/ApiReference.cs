using System.Reflection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Occupancy.Api.Access;
using Occupancy.Api.Apis;
using Occupancy.Api.Reference;
using Occupancy.Api.Problems;
using Occupancy.Grains;
using Occupancy.Grains.Access;

namespace Occupancy.Api.Hosting;

/// <summary>
/// The OpenAPI document (<c>/openapi/v1.json</c>) and its Scalar reference (<c>/scalar</c>): for staff and admins
/// (a bearer token), or anyone when the environment is Development. The document names the bearer scheme and
/// marks the operations that need sign-in.
/// </summary>
internal static class ApiReference
{
    public const string BearerScheme = "Bearer";

    /// <summary>Whether the Api runs only to write its OpenAPI document at build time (no server, no cluster).</summary>
    public static bool AtBuildTime { get; } = Assembly.GetEntryAssembly()?.GetName().Name == "GetDocument.Insider";

    /// <summary>The tags of the document, in order, with what each groups.</summary>
    private static readonly (string Name, string Description)[] Tags =
    [
        ("Sites", "Community complexes: the list, each site's live dashboard, and their definitions."),
        ("Facilities", "Gyms, pools and halls: live occupancy, entries and exits counted by staff and turnstiles, definitions."),
        ("Canteens", "Canteens: free seats per table, set by staff and canteen devices, definitions."),
        ("Sessions", "Classes and events with seats: finding them, booking, the waitlist, cancelling and checking in."),
        ("Members", "Residents' profiles, bookings, no-show blocks and PINs: never public."),
        ("Statistics", "Per-site daily figures, as JSON or CSV."),
        ("Sign-in", "Tokens for staff, residents and devices, their renewal, and who a token is for."),
        ("Administration", "Staff accounts, device credentials and the phone look-up audit: administrators only."),
        ("Health", "Liveness and readiness, for launchers and load balancers."),
    ];

    public static IServiceCollection AddApiReference(this IServiceCollection services) =>
        services.AddOpenApi(o =>
        {
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "JWT",
                    Description = "A token from POST /api/auth/… (or scripts/token.sh locally), sent as Authorization: Bearer <token>.",
                };
                document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
                document.Components.Schemas[ProblemSchema.Name] = ProblemSchema.Schema();
                document.Info.Title = "Occupancy";
                document.Info.Version = "v1";
                document.Info.Description = AccessTable.Text;
                // The same document wherever it is served from (and at build time): addresses relative to the node.
                document.Servers = [new OpenApiServer { Url = "/", Description = "The Api node that serves this document." }];
                document.Tags = new HashSet<OpenApiTag>(Tags.Select(t => new OpenApiTag { Name = t.Name, Description = t.Description }));
                return Task.CompletedTask;
            });
            o.AddOperationTransformer((operation, context, _) =>
            {
                var metadata = context.Description.ActionDescriptor.EndpointMetadata;
                // Anonymous operations say so (an empty requirement), so a client knows a token is optional there.
                operation.Security = [];
                if (metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any())
                    operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] });
                foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
                {
                    if (parameter is { In: ParameterLocation.Header, Name: IdempotencyHeader.Name })
                    {
                        parameter.Description = "1 to 64 printable characters, chosen by the client for this request: a retry with the same key "
                            + "answers the first outcome again and changes nothing more; the same key on another request is 422.";
                    }
                }
                return Task.CompletedTask;
            });
            o.AddOperationTransformer(ProblemAnswersTransformer.Transform);
            o.AddOperationTransformer(OperationExamples.Transform);
            o.AddSchemaTransformer(ContractSchemas.Transform);
        });

    /// <summary>At build time the Api only describes itself: nothing may connect to the cluster or run in the background.</summary>
    public static IServiceCollection WithoutClusterWork(this IServiceCollection services)
    {
        var background = services.Where(d => d.ServiceType == typeof(IHostedService)
                && (d.ImplementationType ?? d.ImplementationInstance?.GetType())?.Assembly.GetName().Name?.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) != true)
            .ToList();
        foreach (var descriptor in background) services.Remove(descriptor);
        return services;
    }

    /// <summary>Refuses the document and the reference to anyone but staff and admins, outside Development.</summary>
    public static IApplicationBuilder UseApiReferenceAccess(this IApplicationBuilder app)
    {
        var development = app.ApplicationServices.GetRequiredService<IWebHostEnvironment>().IsDevelopment();
        // Not async itself: every request passes through, and a hub connection's request stays for as long as the
        // connection does, holding the state machine of each async middleware it passed.
        return app.Use((context, next) =>
        {
            var path = context.Request.Path;
            return !development && (path.StartsWithSegments("/openapi") || path.StartsWithSegments("/scalar"))
                ? ReferenceForStaff(context, next)
                : next(context);
        });
    }

    private static async Task ReferenceForStaff(HttpContext context, RequestDelegate next)
    {
        var actor = context.Actor();
        if (!actor.IsAuthenticated)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await ProblemResponses.For(ProblemCodes.Unauthenticated, "The API reference is for staff: send a staff token.").ExecuteAsync(context);
            return;
        }
        if (actor.Role is not (ActorRole.Staff or ActorRole.Admin))
        {
            await ProblemResponses.For(ProblemCodes.Forbidden, "The API reference is for staff.").ExecuteAsync(context);
            return;
        }
        await next(context);
    }
}
