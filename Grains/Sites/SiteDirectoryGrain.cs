using Microsoft.Extensions.Logging;

namespace Occupancy.Grains.Sites;

internal sealed class SiteDirectoryGrain(
    [PersistentState("sites", StorageNames.Occupancy)] IPersistentState<SiteDirectoryState> state,
    ILogger<SiteDirectoryGrain> logger) : Grain, ISiteDirectoryGrain
{
    public Task<IReadOnlyList<SiteSummary>> List() =>
        Task.FromResult<IReadOnlyList<SiteSummary>>(state.State.Sites.Values.OrderBy(s => s.Id, StringComparer.Ordinal).ToArray());

    public async Task Register(SiteSummary site)
    {
        if (state.State.Sites.TryGetValue(site.Id, out var known) && known == site) return;
        state.State.Sites[site.Id] = site;
        await state.WriteOrRevertAsync(this, logger);
    }
}
