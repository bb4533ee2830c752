using Microsoft.Extensions.Logging;
using Occupancy.Grains.Members;
using Occupancy.Grains.Sessions.Rules;

namespace Occupancy.Grains.Sessions;

/// <summary>A change of times, category or eligibility is checked against every active booking's member, as a hold would be.</summary>
internal sealed partial class SessionGrain
{
    /// <summary>Bookings whose members refused the new rules for good, and the holds members granted (released if the change is refused).</summary>
    private sealed record Recheck(IReadOnlySet<string> Conflicting, IReadOnlyList<(string MemberId, string BookingId)> Granted)
    {
        public static Recheck None { get; } = new(new HashSet<string>(), []);
    }

    private async Task<Recheck> RecheckAsync(SessionDefinition next, string timeZone)
    {
        var answers = await Task.WhenAll(_book.BookingsToRecheck().Select(async booking =>
        {
            var purpose = booking.Status == BookingStatus.Confirmed ? HoldPurpose.RecheckSeat : HoldPurpose.RecheckWaitlisted;
            try
            {
                // The booking exists: who made it is not asked again, only the member's rules.
                return (booking, Refusal: await Member(booking.MemberId).Hold(HoldFor(booking.BookingId, BookingRequest.Staff, purpose, next, timeZone)));
            }
            catch (Exception error)
            {
                _logger.LogInformation(error, "The member of {Booking} in {Session} did not answer its re-check; it is kept", booking.BookingId, Id);
                return (booking, Refusal: new Problem(ProblemCodes.RequestInProgress, "The member did not answer."));
            }
        }));
        var conflicting = answers.Where(a => HoldRefusals.Classify(a.Refusal) == HoldAnswer.RefusedForGood).Select(a => a.booking.BookingId).ToHashSet();
        var granted = answers.Where(a => a.Refusal is null).Select(a => (a.booking.MemberId, a.booking.BookingId)).ToArray();
        return new Recheck(conflicting, granted);
    }
}
