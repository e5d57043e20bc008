namespace Switchboard.Sip.Tests.Rtp;

/// <summary>A generous bound so a broken test fails instead of hanging; never a speed assertion.</summary>
internal static class TestTimeout
{
    public static CancellationToken Token() => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;
}
