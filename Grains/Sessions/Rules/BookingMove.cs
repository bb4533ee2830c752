namespace Occupancy.Grains.Sessions.Rules;

/// <summary>A booking after a status move; <see cref="Repeated"/> when the move had been made already (answered the same again).</summary>
internal sealed record BookingMove(Booking Booking, bool Repeated);
