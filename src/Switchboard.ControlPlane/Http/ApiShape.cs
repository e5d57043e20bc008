namespace Switchboard.ControlPlane.Http;

/// <summary>What a route takes, which decides the error responses it can produce and documents.</summary>
[Flags]
public enum ApiShape
{
    None = 0,
    /// <summary>Reads a JSON body: 400 (malformed or invalid), 413, 415.</summary>
    Body = 1,
    /// <summary>Addresses one object by id: 404.</summary>
    Id = 2,
    /// <summary>A paginated list: 400 for a bad limit or cursor.</summary>
    List = 4,
}
