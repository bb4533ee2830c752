using Microsoft.Extensions.Configuration;

namespace Occupancy.Api.Tests.Deployment;

/// <summary>
/// A configuration source holding a process's settings (its appsettings.json under the environment a deployment gives
/// it) that records every key the code asks for the value of, so a test can tell whether a variable an operator sets is read at all.
/// </summary>
internal sealed class RecordingConfiguration(IReadOnlyDictionary<string, string?> settings) : IConfigurationSource
{
    private readonly Provider _provider = new(settings);

    /// <summary>
    /// Whether the code asked for this key. Exact for keys that have a value (a bound section's properties are asked
    /// for only when the section has values), so a caller checks the keys it has set.
    /// </summary>
    public bool WasRead(string key) => _provider.Asked.Contains(key);

    public IConfigurationProvider Build(IConfigurationBuilder builder) => _provider;

    private sealed class Provider : ConfigurationProvider
    {
        public Provider(IReadOnlyDictionary<string, string?> settings)
        {
            foreach (var (key, value) in settings) Data[key] = value;
        }

        public HashSet<string> Asked { get; } = new(StringComparer.OrdinalIgnoreCase);

        public override bool TryGet(string key, out string? value)
        {
            lock (Asked) Asked.Add(key);
            return base.TryGet(key, out value);
        }
    }
}
