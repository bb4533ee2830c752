namespace Occupancy.Grains.Sessions;

/// <summary>What kind of thing is booked; caps on upcoming bookings count per category.</summary>
public enum BookingCategory
{
    Class,
    Course,
    Court,
    Meal,
    Care,
    Activity,
}
