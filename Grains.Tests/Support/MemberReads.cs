using Occupancy.Grains.Access;
using Occupancy.Grains.Members;

namespace Occupancy.Grains.Tests.Support;

/// <summary>Rule tests read members as the system: the full profile, or null when the member does not exist.</summary>
public static class MemberReads
{
    public static async Task<MemberView?> ProfileAsync(this IMemberGrain member)
    {
        var outcome = await member.Get(Actor.System);
        if (outcome.Problem is { Code: ProblemCodes.NotFound }) return null;
        return Assert.IsType<MemberView>(TestPlaces.Accepted(outcome));
    }
}
