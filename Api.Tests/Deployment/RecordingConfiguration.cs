using Microsoft.Extensions.Configuration;

namespace Occupancy.Api.Tests.Deployment;

/// <summary>
/// A configuration source holding a process's settings (its appsettings.json under the environment a deployment gives
/// it) that records every key the code asks for, so a test can tell whether a variable an operator sets is read at all.
/// </summary>
internal sealed class RecordingConfiguration(IReadOnlyDictionary<string, string?> settings) : IConfigurationSource
{
    private readonly Provider _provider = new(settings);

    /// <summary>Keys whose value was asked for (present or not), and sections whose children were listed.</summary>
    public bool WasRead(string key) =>
        _provider.Asked.Contains(key) || (ParentOf(key) is { } parent && _provider.Listed.Contains(parent));

    public IConfigurationProvider Build(IConfigurationBuilder builder) => _provider;

    private static string? ParentOf(string key) => key.LastIndexOf(':') is var i and > 0 ? key[..i] : null;

    private sealed class Provider : ConfigurationProvider
    {
        public Provider(IReadOnlyDictionary<string, string?> settings)
        {
            foreach (var (key, value) in settings) Data[key] = value;
        }

        public HashSet<string> Asked { get; } = new(StringComparer.OrdinalIgnoreCase);

        public HashSet<string> Listed { get; } = new(StringComparer.OrdinalIgnoreCase);

        public override bool TryGet(string key, out string? value)
        {
            lock (Asked) Asked.Add(key);
            return base.TryGet(key, out value);
        }

        public override IEnumerable<string> GetChildKeys(IEnumerable<string> earlierKeys, string? parentPath)
        {
            if (parentPath is not null) lock (Listed) Listed.Add(parentPath);
            return base.GetChildKeys(earlierKeys, parentPath);
        }
    }
}
