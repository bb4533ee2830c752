using System.Text.Json;
using Orleans.Hosting;
using Occupancy.Grains.Catalog;

namespace Occupancy.Silo.Catalog;

public static class DemoCatalogStartup
{
    /// <summary>Waits before each retry of a failed load: a store or cluster that is still starting gets time to come up.</summary>
    internal static readonly TimeSpan[] RetryDelays = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(9)];

    /// <summary>
    /// Loads the demo catalog when the silo starts, unless <c>Catalog:SeedDemo</c> is false. Loading is
    /// create-if-absent, so every start and every silo may run it. A failure is logged, never fatal: the silo
    /// serves what exists and the next start completes the catalog.
    /// </summary>
    public static ISiloBuilder AddDemoCatalog(this ISiloBuilder builder, IConfiguration configuration)
    {
        if (!configuration.GetValue("Catalog:SeedDemo", true)) return builder;

        builder.Services.AddSingleton<CatalogSeeder>();
        builder.AddStartupTask((services, cancellationToken) =>
        {
            var seeder = services.GetRequiredService<CatalogSeeder>();
            var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DemoCatalogStartup));
            return RunWithRetriesAsync(ct => seeder.SeedAsync(ct), RetryDelays, logger, cancellationToken);
        });
        return builder;
    }

    /// <summary>Runs <paramref name="load"/>, retrying after each delay; answers whether it succeeded and never throws.</summary>
    internal static async Task<bool> RunWithRetriesAsync(
        Func<CancellationToken, Task> load, IReadOnlyList<TimeSpan> delays, ILogger logger, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await load(cancellationToken);
                return true;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return false;
            }
            catch (Exception e) when (e is JsonException or InvalidDataException)
            {
                // A broken data file does not mend itself: retrying is pointless.
                logger.LogError(e, "The demo catalog data is invalid; nothing more is loaded");
                return false;
            }
            catch (Exception e) when (attempt < delays.Count)
            {
                logger.LogWarning(e, "Loading the demo catalog failed (attempt {Attempt}); retrying in {Delay}", attempt + 1, delays[attempt]);
                try
                {
                    await Task.Delay(delays[attempt], cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return false;
                }
            }
            catch (Exception e)
            {
                logger.LogError(e, "Loading the demo catalog failed {Attempts} times; the silo runs without the missing parts until its next start", attempt + 1);
                return false;
            }
        }
    }
}
