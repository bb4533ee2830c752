namespace Occupancy.Bench.Floors;

/// <summary>
/// Runs one floor in this process until it is killed (<c>Bench floor &lt;kind&gt; --port P</c>). A floor is the least
/// a server must do to give the same answer (a fixed problem body, the same JSON, the same broadcast); every floor
/// answers <c>GET /ready</c> once it listens.
/// </summary>
internal static class Floor
{
    public static Task Run(string kind, int port, string[] args) => kind switch
    {
        "fixed-problem" => FixedProblemFloor.Run(port),
        "api-middleware" => ApiMiddlewareFloor.Run(port),
        "bare-json" => BareJsonFloor.Run(port),
        "bare-hub" => BareHubFloor.Run(port, args),
        _ => throw new ArgumentException($"Unknown floor '{kind}'."),
    };
}
