namespace Occupancy.Api.Tests.Access;

/// <summary>What the access matrix expects of one cell.</summary>
public enum Expect
{
    /// <summary>Any 2xx.</summary>
    Success,

    /// <summary>403 <c>forbidden</c>.</summary>
    Forbidden,

    /// <summary>401 <c>unauthenticated</c> with <c>WWW-Authenticate</c>.</summary>
    Unauthenticated,

    NotFound,

    /// <summary>The row's fixed status, whoever calls.</summary>
    Fixed,
}
