namespace Occupancy.Grains.Sessions.Rules;

/// <summary>
/// A waiter whose member refused promotion for now: retried at <see cref="RetryAt"/>, with a doubling delay;
/// the seat waits for them while refusals last less than the patience, then goes to the next in line.
/// </summary>
internal sealed record PromotionDeferral(DateTimeOffset RefusedSince, DateTimeOffset RetryAt, TimeSpan Delay);
