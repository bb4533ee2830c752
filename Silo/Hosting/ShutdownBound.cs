namespace Occupancy.Silo.Hosting;

/// <summary>
/// A silo asked to stop while its store is unreachable would wait on membership writes that cannot land (each
/// retried for as long as Orleans' own timeouts allow). The host gives the graceful stop
/// <c>Silo:ShutdownTimeout</c> (15 s by default); should the silo still be running <c>Silo:ShutdownBackstop</c>
/// (5 s) later, the process ends itself. A stop that cannot reach the store loses nothing: every acknowledged
/// write is already stored, and the other silos declare this one dead as after a crash.
/// </summary>
public static class ShutdownBound
{
    public static WebApplicationBuilder BoundSiloShutdown(this WebApplicationBuilder builder)
    {
        var timeout = builder.Configuration.GetValue("Silo:ShutdownTimeout", TimeSpan.FromSeconds(15));
        var backstop = builder.Configuration.GetValue("Silo:ShutdownBackstop", TimeSpan.FromSeconds(5));
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = timeout);
        builder.Services.AddHostedService(services => new Backstop(
            services.GetRequiredService<IHostApplicationLifetime>(), services.GetRequiredService<ILogger<Backstop>>(), timeout + backstop));
        return builder;
    }

    /// <summary>Ends the process when a stop has run past its bound.</summary>
    private sealed class Backstop(IHostApplicationLifetime lifetime, ILogger<Backstop> logger, TimeSpan bound) : IHostedService
    {
        private CancellationTokenRegistration _stopping;

        public Task StartAsync(CancellationToken cancellationToken)
        {
            _stopping = lifetime.ApplicationStopping.Register(() => _ = EndAfterBoundAsync());
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        private async Task EndAfterBoundAsync()
        {
            await Task.Delay(bound, lifetime.ApplicationStopped).ContinueWith(_ => { }, TaskScheduler.Default);
            if (lifetime.ApplicationStopped.IsCancellationRequested) return;
            logger.LogCritical("The silo did not stop within {Bound}; ending the process (is the store reachable?)", bound);
            // Environment.Exit would wait on the host's own shutdown again; end at once.
            System.Diagnostics.Process.GetCurrentProcess().Kill();
        }
    }
}
