namespace Occupancy.Grains.Access;

/// <summary>
/// What every access decision shares. Decisions are made before anything about the entity is told, against what
/// the entity says about itself (its site, its member). An entity that does not exist has no site and no family, so
/// staff and family are never in scope of it and hear the same 403 as for an entity out of their scope; only actors
/// in scope by the id itself (an administrator, a place's own device, the member themself) may learn it is missing.
/// </summary>
public static class Scope
{
    /// <summary>Null (allowed) when <paramref name="allowed"/>, else the 403 for <paramref name="what"/>.</summary>
    public static Problem? Allow(bool allowed, string what) => allowed ? null : Actor.Forbidden(what);
}
