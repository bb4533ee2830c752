using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Occupancy.Api.Access;
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
                document.Info.Description = AccessTable.Text;
                return Task.CompletedTask;
            });
            o.AddOperationTransformer((operation, context, _) =>
            {
                var metadata = context.Description.ActionDescriptor.EndpointMetadata;
                if (metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any())
                {
                    operation.Security ??= [];
                    operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] });
                }
                return Task.CompletedTask;
            });
        });

    /// <summary>Refuses the document and the reference to anyone but staff and admins, outside Development.</summary>
    public static IApplicationBuilder UseApiReferenceAccess(this IApplicationBuilder app)
    {
        var development = app.ApplicationServices.GetRequiredService<IWebHostEnvironment>().IsDevelopment();
        return app.Use(async (context, next) =>
        {
            var path = context.Request.Path;
            if (!development && (path.StartsWithSegments("/openapi") || path.StartsWithSegments("/scalar")))
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
            }
            await next(context);
        });
    }
}
