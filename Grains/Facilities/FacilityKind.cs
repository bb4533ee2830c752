namespace Occupancy.Grains.Facilities;

public enum FacilityKind
{
    Gym,
    ChildrenArea,
    Court,
    Room,
    CulturalCentre,
    Garden,
    ElderlyCare,
}
