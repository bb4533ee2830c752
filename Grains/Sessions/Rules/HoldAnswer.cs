namespace Occupancy.Grains.Sessions.Rules;

/// <summary>How a member answered a hold asked for a booking that exists already (a promotion, a re-check after a change).</summary>
internal enum HoldAnswer
{
    Granted,

    /// <summary>Refused for now (a request in progress, a pending hold elsewhere, a removed family link, no answer): ask again later.</summary>
    Refused,

    /// <summary>Refused for a reason that lasts (overlap with a confirmed booking, a block, eligibility, a cap): the booking ends.</summary>
    RefusedForGood,
}

/// <summary>Which refusals end an existing booking. Anything not known to last is temporary: a waiter is never cancelled on a maybe.</summary>
internal static class HoldRefusals
{
    public static HoldAnswer Classify(Problem? refusal) => refusal?.Code switch
    {
        null => HoldAnswer.Granted,
        ProblemCodes.Overlap or ProblemCodes.Blocked or ProblemCodes.NotEligible or ProblemCodes.LimitReached => HoldAnswer.RefusedForGood,
        _ => HoldAnswer.Refused,
    };
}
