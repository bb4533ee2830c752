using Occupancy.Grains.Canteens;
using Occupancy.Grains.Notices;

namespace Occupancy.Grains.Alerts;

/// <summary>The urgent notice to a senior's family when an absence alert is raised; its id is the alert's, so it is enqueued once.</summary>
internal static class AbsenceNotice
{
    public static Notice For(AbsenceAlert alert)
    {
        var (zh, en) = alert.Meal switch
        {
            Meal.Breakfast => ("早餐", "breakfast"),
            Meal.Lunch => ("午餐", "lunch"),
            _ => ("晚餐", "dinner"),
        };
        return new Notice(
            $"absence:{alert.Id}", alert.MemberId, alert.SiteId, NoticeKind.AbsenceAlert,
            $"{alert.MemberName}今天没有来{alert.CanteenName}吃{zh}。社区工作人员正在联系，请您也确认一下。",
            $"{alert.MemberName} did not come to {alert.CanteenName} for {en} today. Staff are checking; please check too.",
            alert.RaisedAt, UsefulUntil: alert.RaisedAt.AddDays(1), Urgent: true, SubjectId: alert.Id);
    }
}
