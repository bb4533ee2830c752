namespace Occupancy.Api.Live;

/// <summary>
/// The topics one connection watches. Nearly every connection (a screen) watches one: that one is held as it is, and a
/// set is made only for a second, so 10,000 idle screens do not each keep a hash set with its arrays. Not thread-safe:
/// the relay holds its lock around every use.
/// </summary>
internal sealed class WatchedTopics
{
    private string? _one;
    private HashSet<string>? _many;

    public int Count => _many?.Count ?? (_one is null ? 0 : 1);

    public bool Contains(string topic) => _many?.Contains(topic) ?? string.Equals(_one, topic, StringComparison.Ordinal);

    public void Add(string topic)
    {
        if (_many is not null)
        {
            _many.Add(topic);
        }
        else if (_one is null || string.Equals(_one, topic, StringComparison.Ordinal))
        {
            _one = topic;
        }
        else
        {
            _many = new HashSet<string>(StringComparer.Ordinal) { _one, topic };
            _one = null;
        }
    }

    public void Remove(string topic)
    {
        if (_many is not null) _many.Remove(topic);
        else if (string.Equals(_one, topic, StringComparison.Ordinal)) _one = null;
    }

    public string[] ToArray() => _many is not null ? [.. _many] : _one is null ? [] : [_one];
}
