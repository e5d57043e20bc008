using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Switchboard.Sip.Sdp;
using Xunit.Abstractions;

namespace Switchboard.Sip.Tests.Sdp;

/// <summary>Parses and answers the SDP that SIPp's built-in scenarios really send (Debian package sip-tester).</summary>
public sealed partial class SippScenarioSdpTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("uac")]
    [InlineData("uas")]
    [InlineData("branchc")]
    public void Sipp_builtin_scenario_sdp_is_parsed_and_answered(string scenario)
    {
        string? xml = RunSipp(scenario);
        if (xml is null)
        {
            Assert.False(
                Environment.GetEnvironmentVariable("SWITCHBOARD_TEST_REQUIRE_SERVICES") == "1",
                "sipp (Debian package sip-tester) is required but not installed");
            output.WriteLine("SKIPPED: sipp not installed (apt-get install sip-tester); set SWITCHBOARD_TEST_REQUIRE_SERVICES=1 to fail instead.");
            return;
        }

        MatchCollection bodies = SdpBody().Matches(xml);
        Assert.NotEmpty(bodies);
        foreach (Match body in bodies)
        {
            string sdp = Substitute(body.Value);
            SessionDescription parsed = SessionDescription.Parse(sdp);
            SdpAnswerResult answer = new SdpNegotiator(new SdpNegotiatorOptions(), IPAddress.Parse("192.0.2.99"), 20000)
                .CreateAnswer(parsed);
            Assert.True(answer.IsSuccess, answer.FailureReason);
            Assert.Equal(SdpCodec.Pcmu, answer.Audio.Codec);
        }
    }

    private static string Substitute(string body)
    {
        // Replace SIPp's [keywords] with what it would send for an IPv4 call.
        string text = string.Join("\r\n", body.Split('\n').Select(l => l.Trim())) + "\r\n";
        return text
            .Replace("[local_ip_type]", "4", StringComparison.Ordinal)
            .Replace("[media_ip_type]", "4", StringComparison.Ordinal)
            .Replace("[local_ip]", "192.0.2.7", StringComparison.Ordinal)
            .Replace("[media_ip]", "192.0.2.7", StringComparison.Ordinal)
            .Replace("[media_port]", "6000", StringComparison.Ordinal)
            .Replace("[auto_media_port]", "6000", StringComparison.Ordinal);
    }

    private static string? RunSipp(string scenario)
    {
        var start = new ProcessStartInfo("sipp", ["-sd", scenario])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        try
        {
            using Process process = Process.Start(start)!;
            string stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return stdout;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    [GeneratedRegex(@"^[ \t]*v=0[ \t]*\r?\n(?:[ \t]*[a-z]=[^\n]*\n)+", RegexOptions.Multiline)]
    private static partial Regex SdpBody();
}
