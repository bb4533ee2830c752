using Microsoft.Extensions.Configuration;

namespace Occupancy.Grains.Management;

/// <summary>Where the management listener is: its URLs and the local ports a request arrives on when it came through it.</summary>
public sealed class ManagementListener
{
    private readonly HashSet<int> _ports;

    private ManagementListener(IReadOnlyList<string> urls)
    {
        Urls = urls;
        _ports = urls.Select(PortOf).ToHashSet();
    }

    /// <summary>The port of a server URL, wildcard hosts included (http://*:9464, http://+:9464).</summary>
    public static int PortOf(string url) => new Uri(url.Replace("://*", "://any").Replace("://+", "://any")).Port;

    public IReadOnlyList<string> Urls { get; }

    public IReadOnlyCollection<int> Ports => _ports;

    /// <summary>Whether a request that arrived on this local port came through the management listener.</summary>
    public bool Serves(int localPort) => _ports.Contains(localPort);

    public static ManagementListener From(IConfiguration config)
    {
        if (config["Management:Urls"] is { Length: > 0 } urls)
            return new ManagementListener(urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        var port = config.GetValue<int?>("Management:Port");
        if (port is null or 0) return new ManagementListener([]);
        if (port is < 1 or > 65535) throw new InvalidOperationException($"Management:Port must be between 1 and 65535 (got {port}).");
        return new ManagementListener([$"http://127.0.0.1:{port}"]);
    }
}
