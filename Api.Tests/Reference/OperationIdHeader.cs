using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;

namespace Occupancy.Api.Tests.Reference;

/// <summary>
/// On the test nodes only: every answer names the operation (its OpenAPI operationId) that gave it, in
/// <see cref="Name"/>, so the suites can record what each operation answered. The endpoint is the one routing chose,
/// also when the exception handler answered for it; an address no documented operation serves (404, 405, the cluster dashboard) names none.
/// </summary>
internal sealed class OperationIdHeader : IStartupFilter
{
    public const string Name = "X-Test-Operation-Id";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            context.Response.OnStarting(() =>
            {
                var endpoint = context.GetEndpoint() ?? context.Features.Get<IExceptionHandlerFeature>()?.Endpoint;
                if (endpoint?.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>() is not { ExcludeFromDescription: true }
                    && endpoint?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName is { } operationId)
                    context.Response.Headers[Name] = operationId;
                return Task.CompletedTask;
            });
            return nextMiddleware(context);
        });
        next(app);
    };
}
