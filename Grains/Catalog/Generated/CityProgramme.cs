namespace Occupancy.Grains.Catalog.Generated;

/// <summary>
/// A kind of session a generated site runs each week, at one of its places (<see cref="Place"/>: canteen, rooms,
/// gym, kids, court, care), in the style of the report: seniors' meals, tea art, African drum, waist drum, yoga…
/// </summary>
internal sealed record CityProgramme(
    string Key,
    string Title,
    string TitleEn,
    string Category,
    string Place,
    string Room,
    int DurationMinutes,
    int Capacity,
    int WaitlistCapacity,
    int BookingOpensDaysBefore,
    int BookingClosesMinutesBefore,
    string[] AgeGroups,
    string[] Times,
    bool Daily = false)
{
    private static readonly string[] Everyone = ["senior", "adult", "child"];
    private static readonly string[] Grown = ["senior", "adult"];
    private static readonly string[] Seniors = ["senior"];
    private static readonly string[] Children = ["child"];

    /// <summary>Meals first: every site with a canteen serves them daily; then the rest in the order a site adds them.</summary>
    public static readonly CityProgramme[] All =
    [
        new("senior-lunch", "长者助餐午餐", "Seniors' Lunch", "meal", "canteen", "", 45, 40, 10, 3, 60, Seniors, ["11:00"], Daily: true),
        new("lunch", "午餐", "Lunch", "meal", "canteen", "", 45, 40, 10, 3, 60, Everyone, ["11:45"], Daily: true),
        new("dinner", "晚餐", "Dinner", "meal", "canteen", "", 45, 40, 10, 3, 60, Everyone, ["17:00"], Daily: true),
        new("health-talk", "健康讲座", "Health Talk", "activity", "rooms", "多功能厅", 60, 40, 10, 6, 10, Grown, ["14:30", "09:30"]),
        new("lecture", "公益讲座", "Public Lecture", "activity", "rooms", "多功能厅", 60, 30, 20, 6, 10, Everyone, ["19:00", "15:00"]),
        new("smartphone", "长者智能手机课", "Smartphone Class for Seniors", "course", "rooms", "公益课堂", 60, 20, 5, 6, 30, Seniors, ["09:30", "14:00"]),
        new("tea-art", "茶艺", "Tea Art", "course", "rooms", "公益课堂", 90, 16, 4, 6, 60, Grown, ["14:00", "19:00"]),
        new("african-drum", "非洲鼓", "African Drum", "class", "rooms", "多功能厅", 60, 20, 5, 6, 30, Everyone, ["19:30", "10:00"]),
        new("calligraphy", "书画课", "Calligraphy and Painting", "course", "rooms", "书画室", 90, 20, 5, 6, 60, Everyone, ["09:00", "15:00"]),
        new("waist-drum", "腰鼓", "Waist Drum", "activity", "rooms", "多功能厅", 60, 30, 10, 6, 10, Seniors, ["08:30", "16:00"]),
        new("diabolo", "空竹", "Diabolo", "activity", "rooms", "多功能厅", 60, 20, 5, 6, 10, Grown, ["08:30", "16:00"]),
        new("chess", "象棋", "Chinese Chess", "activity", "rooms", "公益课堂", 120, 16, 4, 6, 10, Everyone, ["14:00", "19:00"]),
        new("yoga", "瑜伽", "Yoga", "class", "gym", "操课室", 60, 20, 10, 6, 30, Grown, ["19:00", "10:30", "18:00"]),
        new("boxing", "搏击", "Boxing", "class", "gym", "操课室", 60, 16, 6, 6, 30, Grown, ["20:00", "15:00"]),
        new("aerobics", "有氧操", "Aerobics", "class", "gym", "操课室", 45, 25, 10, 6, 30, Grown, ["18:30", "11:00"]),
        new("after-school", "课后托管", "After-school Care", "care", "kids", "托管区", 150, 20, 5, 6, 60, Children, ["16:00"]),
        new("picture-books", "绘本阅读", "Picture-book Reading", "activity", "kids", "阅读区", 45, 15, 5, 6, 10, Children, ["10:00", "15:30"]),
        new("badminton", "羽毛球场地", "Badminton Court", "court", "court", "羽毛球场", 60, 4, 2, 6, 30, Everyone, ["18:00", "19:00", "20:00"]),
        new("basketball", "篮球场地", "Basketball Court", "court", "court", "篮球场", 60, 10, 0, 6, 30, Grown, ["17:00", "19:30"]),
        new("exercise", "长者健身操", "Seniors' Exercise", "activity", "care", "康复活动室", 45, 25, 5, 6, 10, Seniors, ["09:00", "15:00"]),
        new("health-check", "健康监测", "Health Check", "care", "care", "健康小屋", 30, 10, 5, 6, 30, Seniors, ["09:30", "10:30", "14:30"]),
    ];
}
