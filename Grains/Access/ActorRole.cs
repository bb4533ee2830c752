namespace Occupancy.Grains.Access;

/// <summary>What a signed-in subject is to the system; decides what it may see and do.</summary>
public enum ActorRole
{
    /// <summary>No token: reads public snapshots only.</summary>
    Anonymous,

    /// <summary>A member: their own bookings and profile, and those of members who list them in <c>family</c>.</summary>
    Resident,

    /// <summary>Desk and floor staff, scoped to sites.</summary>
    Staff,

    /// <summary>A sensor, screen controller or kiosk: one facility's or canteen's occupancy, or one site's check-ins.</summary>
    Device,

    /// <summary>Everything, including sites and accounts.</summary>
    Admin,

    /// <summary>The system itself (catalog seeding, schedules, internal calls); never from a token.</summary>
    System,
}
