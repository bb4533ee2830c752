namespace Occupancy.Grains.Catalog.Generated;

/// <summary>
/// Names in the style of the Ningbo report: communities of the city's districts with their pinyin (which makes the
/// ids), and residents' names. The six complexes of the report are left out, so a generated city never takes their ids.
/// </summary>
internal static class CityNames
{
    public static readonly (string Name, string Pinyin)[] Communities =
    [
        ("月湖", "yuehu"), ("天一", "tianyi"), ("南塘", "nantang"), ("东柳", "dongliu"), ("白云", "baiyun"), ("孔浦", "kongpu"),
        ("甬江", "yongjiang"), ("庄桥", "zhuangqiao"), ("洪塘", "hongtang"), ("梅墟", "meixu"), ("潘火", "panhuo"), ("首南", "shounan"),
        ("钟公庙", "zhonggongmiao"), ("下应", "xiaying"), ("百丈", "baizhang"), ("东胜", "dongsheng"), ("中河", "zhonghe"),
        ("石碶", "shiqi"), ("古林", "gulin"), ("春晓", "chunxiao"), ("柴桥", "chaiqiao"), ("大碶", "daqi"), ("霞浦", "xiapu"),
        ("招宝山", "zhaobaoshan"), ("骆驼", "luotuo"), ("庄市", "zhuangshi"), ("锦屏", "jinping"), ("岳林", "yuelin"),
        ("江口", "jiangkou"), ("望春", "wangchun"), ("西门", "ximen"), ("江厦", "jiangxia"), ("鼓楼", "gulou"), ("湖西", "huxi"),
        ("樱花", "yinghua"), ("翠柏", "cuibai"), ("丹凤", "danfeng"), ("华光", "huaguang"), ("四眼碶", "siyanqi"), ("姚江", "yaojiang"),
    ];

    /// <summary>A part of a community (新村 "new village", 家园 "homes"…); the empty one is the community itself.</summary>
    public static readonly (string Name, string Pinyin)[] Parts =
        [("", ""), ("东", "dong"), ("西", "xi"), ("南", "nan"), ("北", "bei"), ("新村", "xincun"), ("花园", "huayuan"), ("家园", "jiayuan")];

    public static readonly (string Name, string English)[] Districts =
        [("海曙区", "Haishu"), ("江北区", "Jiangbei"), ("鄞州区", "Yinzhou"), ("北仑区", "Beilun"), ("镇海区", "Zhenhai"), ("奉化区", "Fenghua"), ("高新区", "High-tech Zone")];

    /// <summary>What the complex is called after the community's name.</summary>
    public static readonly (string Name, string English)[] Complexes =
    [
        ("社区嵌入式服务综合体", "Community Service Complex"), ("社区邻里中心", "Neighbourhood Centre"),
        ("社区居家养老服务中心", "Home-based Elderly Care Centre"), ("社区嵌入式文化活动中心", "Cultural Activity Centre"),
    ];

    public static readonly string[] Surnames =
    [
        "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "罗", "郑",
        "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁", "潘", "蒋", "蔡", "余", "杜",
        "叶", "程", "苏", "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金", "石", "应",
        "贺", "顾", "毛", "史", "邵", "钱", "严", "戴", "孔", "竺",
    ];

    public static readonly string[] SeniorGivenNames =
        ["根有", "建国", "秀英", "桂英", "玉兰", "志明", "德胜", "凤英", "阿娣", "金花", "国庆", "素珍", "阿宝", "月娥", "福根", "彩凤", "宝康", "美芳", "士林", "雪琴"];

    public static readonly string[] AdultGivenNames =
        ["丽", "伟", "静", "磊", "敏", "勇", "艳", "杰", "娟", "涛", "海燕", "志强", "晓东", "丽娜", "建华", "春梅", "俊", "婷", "斌", "雯"];

    public static readonly string[] ChildGivenNames =
        ["子涵", "梓轩", "一诺", "浩宇", "欣怡", "诗涵", "宇轩", "雨桐", "思远", "可馨", "沐阳", "若曦", "睿", "悦", "安琪", "皓轩"];

    public static string Capitalized(string pinyin) => pinyin.Length == 0 ? pinyin : char.ToUpperInvariant(pinyin[0]) + pinyin[1..];
}
