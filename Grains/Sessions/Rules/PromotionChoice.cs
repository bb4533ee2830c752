namespace Occupancy.Grains.Sessions.Rules;

/// <summary>
/// What promotion does next: nothing (no free seat, nobody promotable, or the first in line is still being
/// booked and its settling starts the next round), ask <see cref="Candidate"/>'s member, or wait until
/// <see cref="Until"/> for a waiter under back-off who keeps the seat meanwhile.
/// </summary>
internal sealed record PromotionChoice(Booking? Candidate, DateTimeOffset? Until)
{
    public static PromotionChoice Nothing { get; } = new(null, null);

    public static PromotionChoice Ask(Booking candidate) => new(candidate, null);

    public static PromotionChoice WaitUntil(DateTimeOffset until) => new(null, until);
}

/// <summary>What a promotion's answer did: nothing to write (the waiter moved on, or was refused for now), or a changed booking to write.</summary>
internal sealed record PromotionResult(Booking? Changed, bool HoldUnused)
{
    public static PromotionResult Deferred { get; } = new(null, false);
}
