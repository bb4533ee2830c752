using Microsoft.AspNetCore.SignalR;
using Occupancy.Grains;
using Occupancy.Grains.Access;
using Occupancy.Grains.Alerts;
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
        // A site's absence alerts: staff of that site and administrators only (see Admit).
        ["alerts"] = (g, id) => g.GetGrain<ISiteAlertsGrain>(id),
    };

    /// <summary>
    /// Fails with <c>forbidden: …</c> unless <paramref name="actor"/> may watch <paramref name="topic"/>: the
    /// member grain decides for <c>member:</c> topics, the site id for <c>alerts:</c>; the others are public. Call it before subscribing.
    /// </summary>
    public async Task Admit(string? topic, Actor actor)
    {
        var grain = Resolve(topic);
        var refusal = grain switch
        {
            IMemberGrain member => await member.MayWatch(actor),
            ISiteAlertsGrain alerts => AlertAccess.MaySeeSiteAlerts(actor, alerts.GetPrimaryKeyString()),
            _ => null,
        };
        if (refusal is not null) throw new HubException($"{refusal.Code}: {refusal.Detail}");
    }

    public IWatchable Resolve(string? topic)
    {
        var separator = topic?.IndexOf(':') ?? -1;
        if (topic is null || separator < 0 || !Kinds.TryGetValue(topic[..separator], out var grain))
            throw new HubException($"{ProblemCodes.InvalidRequest}: '{topic}' is not a topic; use facility:{{id}}, canteen:{{id}}, session:{{id}}, site:{{id}}, member:{{id}} or alerts:{{siteId}}.");
        var id = topic[(separator + 1)..];
        if (!Ids.IsValid(id)) throw new HubException($"{ProblemCodes.InvalidId}: '{id}' is not a valid id.");
        return grain(grains, id);
    }
}
