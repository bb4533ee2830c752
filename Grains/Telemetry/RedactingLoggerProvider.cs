using Microsoft.Extensions.Logging;

namespace Occupancy.Grains.Telemetry;

/// <summary>Passes every line to <paramref name="inner"/> with grain keys hidden. Known as "Console" to the logging settings, as the console is.</summary>
[ProviderAlias("Console")]
public sealed class RedactingLoggerProvider(ILoggerProvider inner) : ILoggerProvider, ISupportExternalScope
{
    public ILogger CreateLogger(string categoryName) => new Redacting(inner.CreateLogger(categoryName));

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => (inner as ISupportExternalScope)?.SetScopeProvider(scopeProvider);

    public void Dispose() => inner.Dispose();

    private sealed class Redacting(ILogger logger) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => logger.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => logger.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!logger.IsEnabled(logLevel)) return;
            var message = formatter(state, exception);
            var shown = TracePrivacy.Text(message);
            if (exception is null && ReferenceEquals(shown, message))
            {
                logger.Log(logLevel, eventId, state, exception, formatter);
                return;
            }
            // The exception goes as text: its message and stack may name grain ids too, and an exception cannot be rewritten.
            var text = exception is null ? shown : $"{shown}{Environment.NewLine}{TracePrivacy.Text(exception.ToString())}";
            logger.Log(logLevel, eventId, text, null, static (line, _) => line);
        }
    }
}
