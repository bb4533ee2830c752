using Occupancy.Grains.Telemetry;

namespace Occupancy.Api.Tests.Telemetry;

/// <summary>The rules spans are rewritten by: a grain's key shows only when it names a place, URLs lose queries and row keys.</summary>
public sealed class TracePrivacyTests
{
    [Theory]
    [InlineData("member/ann-1", "member/*")]
    [InlineData("membercard/ann-1", "membercard/*")]
    [InlineData("phoneindex/3f9a", "phoneindex/*")]
    [InlineData("staffaccount/binjiang.desk", "staffaccount/*")]
    [InlineData("session/yoga-1", "session/yoga-1")]
    [InlineData("canteen/binjiang-canteen", "canteen/binjiang-canteen")]
    [InlineData("siteday/fuming/2026-12-02", "siteday/fuming/2026-12-02")]
    public void A_grain_id_keeps_its_key_only_when_it_names_a_place(string grainId, string shown) =>
        Assert.Equal(shown, TracePrivacy.GrainId(grainId));

    [Fact]
    public void Grain_ids_inside_text_are_hidden_and_paths_and_routes_are_left_alone()
    {
        Assert.Equal(
            "[GrainAddress GrainId member/*, ActivationId: @db8c, SiloAddress: S127.0.0.1:29004:1] in session/yoga-1",
            TracePrivacy.Text("[GrainAddress GrainId member/ann-7193, ActivationId: @db8c, SiloAddress: S127.0.0.1:29004:1] in session/yoga-1"));
        Assert.Equal("GET /api/members/{memberId}/bookings", TracePrivacy.Text("GET /api/members/{memberId}/bookings"));
        Assert.Equal("at Occupancy.Grains.GroupCommit in /src/Grains/Shared/GroupCommit.cs:line 9", TracePrivacy.Text("at Occupancy.Grains.GroupCommit in /src/Grains/Shared/GroupCommit.cs:line 9"));
    }

    [Fact]
    public void A_url_loses_its_query_and_the_row_it_addresses()
    {
        Assert.Equal("http://127.0.0.1:10002/devstoreaccount1/OrleansGrainState",
            TracePrivacy.Url("http://127.0.0.1:10002/devstoreaccount1/OrleansGrainState(PartitionKey='occupancy_member_ann-1',RowKey='member')?$format=json"));
        Assert.Equal("/hubs/occupancy", TracePrivacy.Url("/hubs/occupancy?access_token=eyJabc"));
    }
}
