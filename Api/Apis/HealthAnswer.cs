namespace Occupancy.Api.Apis;

/// <summary>
/// The shape of the health answers, for the OpenAPI document: <c>/health/live</c> carries only the status;
/// <c>/health/ready</c> adds the cluster's and the store's state (or, when the cluster is unreachable, a detail).
/// </summary>
/// <param name="Status">healthy, degraded (the store is away: still ready) or unhealthy (the cluster is unreachable).</param>
internal sealed record HealthAnswer(string Status, string? Cluster = null, string? Store = null, string? StoreDetail = null, string? Detail = null);
