using System.Globalization;

namespace Switchboard.Server.Tests.PhoneNumbers;

/// <summary>Numbers are unique per server and the API test server is shared, so every test takes fresh ones.</summary>
internal static class TestNumbers
{
    /// <summary>A fresh NANP number in the fictional 555 exchange range: +1 555 then 7 random digits.</summary>
    public static string NewE164() => "+1555" + Random.Shared.Next(1_000_000, 10_000_000).ToString(CultureInfo.InvariantCulture);

    /// <summary>A fresh SIP user part.</summary>
    public static string NewUserPart(string prefix = "line") => prefix + "-" + Guid.NewGuid().ToString("N")[..10];
}
