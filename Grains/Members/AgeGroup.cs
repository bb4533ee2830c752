namespace Occupancy.Grains.Members;

public enum AgeGroup
{
    Senior,
    Adult,
    Child,
}
