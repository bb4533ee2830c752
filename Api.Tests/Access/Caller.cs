namespace Occupancy.Api.Tests.Access;

/// <summary>Who calls, as the access matrix distinguishes them. "In" and "out" are relative to the world's site A.</summary>
public enum Caller
{
    /// <summary>No token.</summary>
    Anonymous,

    /// <summary>The resident the request is about (the world's member "own").</summary>
    Member,

    /// <summary>A resident whom "own" lists in their family.</summary>
    Family,

    /// <summary>A resident with nothing to do with "own".</summary>
    OtherResident,

    /// <summary>Staff of site A, where everything in the world lives.</summary>
    StaffIn,

    /// <summary>Staff of site B only.</summary>
    StaffOut,

    /// <summary>The device of A's gym.</summary>
    GymDevice,

    /// <summary>The device of A's canteen.</summary>
    CanteenDevice,

    /// <summary>A's entrance kiosk (a site device).</summary>
    Kiosk,

    /// <summary>B's entrance kiosk.</summary>
    OtherKiosk,

    Admin,

    /// <summary>An admin token that expired.</summary>
    Expired,

    /// <summary>An admin token signed with a key that is not the Api's.</summary>
    ForeignKey,

    /// <summary>A bearer value that is not a JWT.</summary>
    Malformed,
}
