namespace Occupancy.Grains.Access;

/// <summary>What every access decision shares.</summary>
public static class Scope
{
    /// <summary>
    /// The answer about an entity that does not exist: only an all-powerful actor may learn that (404); anyone
    /// else hears the same 403 as for an entity out of their scope, so ids cannot be probed.
    /// </summary>
    public static Problem Missing(Actor actor, string what, string forbidden) =>
        actor.IsAllPowerful ? Problem.NotFound(what) : Actor.Forbidden(forbidden);

    /// <summary>Null (allowed) when <paramref name="allowed"/>, else the 403 for <paramref name="what"/>.</summary>
    public static Problem? Allow(bool allowed, string what) => allowed ? null : Actor.Forbidden(what);
}
