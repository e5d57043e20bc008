using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Switchboard.Server.Tests.Infrastructure;
using Switchboard.Sip.Tests.Interop;
using Xunit.Abstractions;

namespace Switchboard.Server.Tests.Telephony;

/// <summary>
/// A trunk with <c>register: true</c> gets this server registered to it (SIPp as the registrar, with a digest challenge),
/// and deleting the trunk removes the binding.
/// </summary>
[Collection("sip-gateway")]
public sealed class TrunkRegistrationTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_trunk_that_asks_for_registration_is_registered_with_its_credentials()
    {
        if (!ExternalTool.Available("sipp", "sip-tester", output)) return;
        var sippPort = UdpPorts.Free();
        var directory = Directory.CreateTempSubdirectory("sipp-registrar").FullName;
        var scenario = Path.Combine(directory, "registrar.xml");
        await File.WriteAllTextAsync(scenario, SippScenarios.Registrar);
        await using var sipp = ExternalTool.Start("sipp",
            ["-sf", scenario, "-i", "127.0.0.1", "-p", sippPort.ToString(CultureInfo.InvariantCulture), "-mp", UdpPorts.Free().ToString(CultureInfo.InvariantCulture),
                "-m", "1", "-timeout", "60s", "-timeout_error", "-nostdin"],
            TimeSpan.FromSeconds(90), directory);
        await UdpPorts.WaitUntilBoundAsync(sippPort, sipp, TimeSpan.FromSeconds(20));

        await using var server = await TestServerInstance.StartAsync(Providers.Sqlite, new Dictionary<string, string?>
        {
            ["Sip:Enabled"] = "true",
            ["Sip:BindAddress"] = "127.0.0.1",
            ["Sip:Port"] = "0",
            ["Sip:RtpPortRange"] = "47950-47959",
            ["Sip:TrunkSyncSeconds"] = "1",
        });
        var key = await server.CreateKeyAsync();
        var created = await key.Client.PostJsonAsync("/api/v1/sip-trunks",
            $$"""{"name":"carrier","address":"127.0.0.1:{{sippPort}}","transport":"udp","username":"trunkuser","password":"s3cret","register":true,"register_expires_seconds":300}""");
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var trunkId = (string)(await created.JsonAsync())["id"]!;

        JsonNode? registration = null;
        for (var i = 0; i < 200 && (string?)registration?["state"] != "registered"; i++)
        {
            registration = (await (await key.Client.GetAsync($"/api/v1/sip-trunks/{trunkId}")).JsonAsync())["registration"];
            if ((string?)registration?["state"] != "registered") await Task.Delay(100);
        }
        Assert.Equal("registered", (string?)registration?["state"]);
        Assert.Equal(200, (int)registration!["status_code"]!);
        Assert.Equal(120, (int)registration["expires_seconds"]!);

        // Deleting the trunk removes our binding at the next reconciliation: SIPp's scenario ends on that REGISTER.
        Assert.Equal(HttpStatusCode.NoContent, (await key.Client.DeleteAsync($"/api/v1/sip-trunks/{trunkId}")).StatusCode);
        Assert.Equal(0, await sipp.WaitForExitAsync());
    }
}
