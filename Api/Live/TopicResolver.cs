using Microsoft.AspNetCore.SignalR;
using Occupancy.Grains;
using Occupancy.Grains.Access;
using Occupancy.Grains.Canteens;
using Occupancy.Grains.Facilities;
using Occupancy.Grains.Live;
using Occupancy.Grains.Members;
using Occupancy.Grains.Sessions;
using Occupancy.Grains.Sites;

namespace Occupancy.Api.Live;

/// <summary>Maps a hub topic (<c>kind:id</c>) to the grain that publishes it; bad topics fail with the contract's code.</summary>
internal sealed class TopicResolver(IGrainFactory grains)
{
    private static readonly Dictionary<string, Func<IGrainFactory, string, IWatchable>> Kinds = new(StringComparer.Ordinal)
    {
        ["facility"] = (g, id) => g.GetGrain<IFacilityGrain>(id),
        ["canteen"] = (g, id) => g.GetGrain<ICanteenGrain>(id),
        ["site"] = (g, id) => g.GetGrain<ISiteGrain>(id),
        ["session"] = (g, id) => g.GetGrain<ISessionGrain>(id),
        // Private to the member, their family and staff of the home site: see Admit.
        ["member"] = (g, id) => g.GetGrain<IMemberGrain>(id),
    };

    /// <summary>
    /// Fails with <c>forbidden: …</c> unless <paramref name="actor"/> may watch <paramref name="topic"/>: the
    /// member grain decides for <c>member:</c> topics; the others are public. Call it before subscribing.
    /// </summary>
    public async Task Admit(string? topic, Actor actor)
    {
        if (Resolve(topic) is IMemberGrain member && await member.MayWatch(actor) is { } refusal)
            throw new HubException($"{refusal.Code}: {refusal.Detail}");
    }

    public IWatchable Resolve(string? topic)
    {
        var separator = topic?.IndexOf(':') ?? -1;
        if (topic is null || separator < 0 || !Kinds.TryGetValue(topic[..separator], out var grain))
            throw new HubException($"{ProblemCodes.InvalidRequest}: '{topic}' is not a topic; use facility:{{id}}, canteen:{{id}}, session:{{id}}, site:{{id}} or member:{{id}}.");
        var id = topic[(separator + 1)..];
        if (!Ids.IsValid(id)) throw new HubException($"{ProblemCodes.InvalidId}: '{id}' is not a valid id.");
        return grain(grains, id);
    }
}
