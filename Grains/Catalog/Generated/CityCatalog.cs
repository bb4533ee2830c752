using Occupancy.Grains.Canteens;
using Occupancy.Grains.Facilities;

namespace Occupancy.Grains.Catalog.Generated;

/// <summary>
/// A generated city in the types of the demo catalog: <see cref="CitySize.Sites"/> complexes, each with a canteen,
/// activity rooms and some of a gym, a children's area, courts and an elderly-care centre, running exactly
/// <see cref="CitySize.SessionsPerSite"/> sessions a week through weekly schedules; and <see cref="CitySize.Members"/>
/// residents. Deterministic: the same size and seed give the same catalog, on any machine, and any site or member can be
/// made on its own (<see cref="Site"/>, <see cref="Member"/>) without the rest, so a loader can work in parallel.
/// Each kind of output draws from its own random stream (sites 1, members 2); a new output, such as the hourly
/// occupancy history of past weeks, takes a new stream and leaves everything generated before unchanged.
/// </summary>
public sealed class CityCatalog
{
    private const int SiteStream = 1;
    private const int MemberStream = 2;
    private const int OrderStream = 3;

    private static readonly string[] WeekOrder = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

    /// <summary>Fixed, not today: the catalog must not depend on the day it is made.</summary>
    private static readonly DateOnly AnnualCardsValidUntil = new(2027, 12, 31);

    private readonly (int Community, int Part)[] _names;

    public CityCatalog(CitySize size)
    {
        if (size.Validate() is { } invalid) throw new ArgumentException(invalid.Detail, nameof(size));
        Size = size;
        // Every community with every part, in an order of the seed's: ids are unique before any needs a number.
        _names = Enumerable.Range(0, CityNames.Communities.Length)
            .SelectMany(c => Enumerable.Range(0, CityNames.Parts.Length).Select(p => (c, p)))
            .ToArray();
        Random(OrderStream, 0).Shuffle(_names);
    }

    public CitySize Size { get; }

    public IEnumerable<CatalogSite> Sites() => Enumerable.Range(0, Size.Sites).Select(Site);

    public IEnumerable<CatalogMember> Members() => Enumerable.Range(0, Size.Members).Select(Member);

    /// <summary>Everything at once, e.g. for a test; a loader of the full size takes sites and members one by one instead.</summary>
    public DemoCatalog ToCatalog() => new(Sites().ToArray(), Members().ToArray());

    /// <summary>The sessions a site's schedules make in one week.</summary>
    public static int WeeklySessions(CatalogSite site) => site.Schedules.Sum(s => s.Days.Count * s.Times.Count);

    public string SiteId(int index)
    {
        var (community, part, round) = NameOf(index);
        var id = CityNames.Communities[community].Pinyin + (CityNames.Parts[part].Pinyin is { Length: > 0 } p ? "-" + p : "");
        return round == 0 ? id : $"{id}-{round + 1}";
    }

    public string MemberId(int index) => $"m-{100_000 + index}";

    public CatalogSite Site(int index)
    {
        if (index < 0 || index >= Size.Sites) throw new ArgumentOutOfRangeException(nameof(index));
        var random = Random(SiteStream, index);
        var id = SiteId(index);
        var (community, part, round) = NameOf(index);
        var name = CityNames.Communities[community].Name + CityNames.Parts[part].Name;
        var nameEn = CityNames.Capitalized(CityNames.Communities[community].Pinyin) + (CityNames.Parts[part].Pinyin is { Length: > 0 } p ? " " + CityNames.Capitalized(p) : "");
        if (round > 0)
        {
            name += $"{round + 1}期";
            nameEn += $" Phase {round + 1}";
        }
        var district = CityNames.Districts[random.Next(CityNames.Districts.Length)];
        var complex = random.Next(CityNames.Complexes.Length);
        var (complexName, complexEn) = CityNames.Complexes[complex];

        // Rooms and a canteen everywhere (meal assistance is what every complex of the report offers); an elderly-care
        // centre always has its care rooms; the rest as a complex happens to have them.
        var places = new List<string> { "canteen", "rooms" };
        if (random.NextDouble() < 0.5) places.Add("gym");
        if (random.NextDouble() < 0.4) places.Add("kids");
        if (random.NextDouble() < 0.35) places.Add("court");
        if (complex == 2 || random.NextDouble() < 0.4) places.Add("care");

        var facilities = places.Where(p => p != "canteen").Select(p => Facility(id, name, p, random)).ToArray();
        var canteen = Canteen(id, name, nameEn, random);
        return new CatalogSite(id, name + complexName, $"{nameEn} {complexEn}", district.Name, "Asia/Shanghai",
            facilities, [canteen], Schedules(id, name, places, random));
    }

    public CatalogMember Member(int index)
    {
        if (index < 0 || index >= Size.Members) throw new ArgumentOutOfRangeException(nameof(index));
        var random = Random(MemberStream, index);
        var draw = random.NextDouble();
        var (age, given) = draw < 0.45 ? ("senior", CityNames.SeniorGivenNames) : draw < 0.85 ? ("adult", CityNames.AdultGivenNames) : ("child", CityNames.ChildGivenNames);
        var name = CityNames.Surnames[random.Next(CityNames.Surnames.Length)] + given[random.Next(given.Length)];
        var home = SiteId(random.Next(Size.Sites));
        var resident = random.NextDouble() < 0.92;
        var card = age == "adult" && random.NextDouble() < 0.1 ? new CatalogAnnualCard(home, AnnualCardsValidUntil) : null;
        // A child is booked for by the resident registered before them; some seniors by the one registered after them.
        string[] family = age switch
        {
            "child" when index > 0 => [MemberId(index - 1)],
            "senior" when index + 1 < Size.Members && random.NextDouble() < 0.2 => [MemberId(index + 1)],
            _ => [],
        };
        // 137 and eight digits: unique per member, and apart from the demo catalog's 138 numbers.
        return new CatalogMember(MemberId(index), name, $"137{index:D8}", home, age, resident, card, family);
    }

    private (int Community, int Part, int Round) NameOf(int index)
    {
        var (community, part) = _names[index % _names.Length];
        return (community, part, index / _names.Length);
    }

    private static CatalogFacility Facility(string siteId, string name, string place, Random random)
    {
        Dictionary<string, string[][]> Daily(string from, string to) => DailyHours.Days.ToDictionary(d => d, _ => new[] { new[] { from, to } });
        return place switch
        {
            "rooms" => new CatalogFacility($"{siteId}-rooms", FacilityKind.Room, "活动室", "Activity Rooms", 90, Daily("08:00", "20:30"),
                [new("hall", "多功能厅", 40, "Multi-purpose Hall"), new("classroom", "公益课堂", 30, "Public Classroom"), new("studio", "书画室", 20, "Calligraphy and Painting Studio")]),
            "gym" => new CatalogFacility($"{siteId}-gym", FacilityKind.Gym, $"{name}百姓健身房", "Residents' Gym", 20 + 10 * random.Next(2, 7), Daily("10:00", "21:00"), null),
            "kids" => new CatalogFacility($"{siteId}-kids", FacilityKind.ChildrenArea, "儿童欢乐谷", "Children's Area", 100, Daily("08:30", "19:30"),
                [new("reading", "阅读区", 30, "Reading"), new("activity", "活动区", 40, "Activity"), new("care", "托管区", 30, "After-school Care")]),
            "court" => new CatalogFacility($"{siteId}-court", FacilityKind.Court, "运动场", "Courts", 36, Daily("06:00", "21:30"),
                [new("badminton", "羽毛球场", 16, "Badminton Court"), new("basketball", "篮球场", 20, "Basketball Court")]),
            "care" => new CatalogFacility($"{siteId}-care", FacilityKind.ElderlyCare, "居家养老服务中心", "Home-based Elderly Care Centre", 30 + 10 * random.Next(0, 4), Daily("08:00", "17:30"), null),
            _ => throw new ArgumentOutOfRangeException(nameof(place), place, "Not a place of a generated site."),
        };
    }

    private static CatalogCanteen Canteen(string siteId, string name, string nameEn, Random random)
    {
        var tables = Enumerable.Range(1, random.Next(10, 26))
            .Select(t => new TableDefinition($"t{t:D2}", t % 5 == 0 ? 6 : 4, Accessible: t <= 3))
            .ToArray();
        return new CatalogCanteen($"{siteId}-canteen", $"{name}社区食堂", $"{nameEn} Community Canteen",
            [new(Meal.Breakfast, "06:30", "08:30"), new(Meal.Lunch, "10:45", "13:00"), new(Meal.Dinner, "16:45", "18:30")], tables);
    }

    /// <summary>
    /// Daily meals first, then the site's other programmes in an order of its own, each on a few days of the week,
    /// round after round (a second tea-art group on other days…), until the week holds exactly the sessions asked for.
    /// </summary>
    private IReadOnlyList<CatalogSchedule> Schedules(string siteId, string name, List<string> places, Random random)
    {
        var meals = CityProgramme.All.Where(p => p.Daily && places.Contains(p.Place)).ToArray();
        var others = CityProgramme.All.Where(p => !p.Daily && places.Contains(p.Place)).ToArray();
        random.Shuffle(others);
        var schedules = new List<CatalogSchedule>();
        var remaining = Size.SessionsPerSite;
        for (var round = 0; remaining > 0; round++)
        {
            foreach (var programme in round == 0 ? meals.Concat(others) : others)
            {
                if (remaining == 0) break;
                // A first group on a few days at one time; later groups at all the programme's times on more days, so
                // a busy site stays within the 200 schedules a site may have.
                var times = round == 0 ? programme.Times[..1] : programme.Times;
                var dayCount = programme.Daily ? 7 : round == 0 ? random.Next(1, 5) : random.Next(3, 8);
                if (dayCount * times.Length > remaining)
                {
                    if (remaining < times.Length) times = times[..1];
                    dayCount = remaining / times.Length;
                }
                var days = WeekOrder.ToArray();
                if (!programme.Daily) random.Shuffle(days);
                days = days.Take(dayCount).OrderBy(d => Array.IndexOf(WeekOrder, d)).ToArray();
                remaining -= days.Length * times.Length;
                var id = round == 0 ? $"{siteId}-{programme.Key}" : $"{siteId}-{programme.Key}-{round + 1}";
                schedules.Add(new CatalogSchedule(
                    id, programme.Title, programme.TitleEn, programme.Category,
                    programme.Place == "canteen" ? $"{name}社区食堂" : programme.Room,
                    days, times, programme.DurationMinutes, programme.Capacity, programme.WaitlistCapacity,
                    programme.BookingOpensDaysBefore, programme.BookingClosesMinutesBefore, CancelFreeMinutesBefore: 120,
                    new CatalogEligibility(programme.AgeGroups, AnnualCardRequired: false, ResidentsOnly: false),
                    FacilityId: programme.Place == "canteen" ? null : $"{siteId}-{programme.Place}",
                    CanteenId: programme.Place == "canteen" ? $"{siteId}-canteen" : null));
            }
        }
        return schedules;
    }

    /// <summary>A random stream of its own for each output and index, the same on every machine and .NET version.</summary>
    private Random Random(int stream, int index)
    {
        unchecked
        {
            var h = (uint)Size.Seed * 0x9E3779B1u ^ (uint)stream * 0x85EBCA77u ^ (uint)index * 0xC2B2AE3Du;
            h ^= h >> 15;
            h *= 0x2C1B3C6Du;
            h ^= h >> 12;
            h *= 0x297A2D39u;
            h ^= h >> 15;
            // A seeded System.Random keeps its sequence across .NET versions (the compatible algorithm).
            return new Random((int)(h & 0x7FFFFFFF));
        }
    }
}
