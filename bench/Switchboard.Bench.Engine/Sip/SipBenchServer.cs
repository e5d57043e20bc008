using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.ControlPlane;
using Switchboard.ControlPlane.Telephony;
using Switchboard.Server;

namespace Switchboard.Bench.Engine.Sip;

/// <summary>
/// The real server in this process (ServerHost.Build, SQLite in a temporary data directory, SIP on a loopback port the
/// OS picks), with one flow agent that answers every spoken turn and one number routed to it by the phone-numbers API.
/// Owns the data directory and deletes it on dispose.
/// </summary>
internal sealed class SipBenchServer : IAsyncDisposable
{
    public const string Number = "+15550100";

    /// <summary>
    /// Greets, then loops: any speech (free text) gets "Got it." and the prompt again; an empty recognition is a
    /// no-match re-prompt, so every caller turn is answered with speech either way.
    /// </summary>
    private const string AgentBody = """
        {"name":"sip bench","response_engine":{"type":"flow","flow":{"start":"hi","nodes":[
          {"id":"hi","type":"say","text":"Hello, this is the benchmark line.","next":"ask"},
          {"id":"ask","type":"ask","prompt":"Go ahead.","variable":"said","input":"speech","retries":10,
           "no_match_prompt":"Sorry, go ahead.","next":"reply","on_failure":"ask"},
          {"id":"reply","type":"say","text":"Got it.","next":"ask"}]}}}
        """;

    private readonly WebApplication _app;
    private readonly string _dataDirectory;

    private SipBenchServer(WebApplication app, string dataDirectory, int sipPort, HttpClient api)
    {
        _app = app;
        _dataDirectory = dataDirectory;
        SipPort = sipPort;
        Api = api;
    }

    public int SipPort { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>An API client with a key of scope <c>*</c> for the bench's organization.</summary>
    public HttpClient Api { get; }

    /// <param name="maxCalls">Concurrent call limits (server and organization) are set to this.</param>
    /// <param name="recognizerPool">Calls:RecognizerPoolSize: pocketsphinx decoders shared by all calls.</param>
    public static async Task<SipBenchServer> StartAsync(int maxCalls, int recognizerPool, CancellationToken ct)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("switchboard-sipbench-").FullName;
        var limit = maxCalls.ToString(CultureInfo.InvariantCulture);
        var app = ServerHost.Build(
        [
            "--urls=http://127.0.0.1:0",
            $"--Switchboard:DataDirectory={dataDirectory}",
            "--Sip:Enabled=true",
            "--Sip:BindAddress=127.0.0.1",
            "--Sip:Port=0",
            "--Sip:RtpPortRange=52000-52199",
            // Every phone dials from 127.0.0.1: at 40 calls the per-source limit would drop our own INVITEs.
            "--Sip:FloodGuard=false",
            $"--Calls:MaxConcurrentCalls={limit}",
            $"--Calls:MaxConcurrentCallsPerOrganization={limit}",
            $"--Calls:RecognizerPoolSize={recognizerPool.ToString(CultureInfo.InvariantCulture)}",
        ], quiet: true);
        HttpClient? api = null;
        try
        {
            await ControlPlaneAdmin.MigrateAsync(app.Services, ct).ConfigureAwait(false);
            var (_, _, secret) = await ControlPlaneAdmin.CreateApiKeyAsync(app.Services, "sipbench", "sipbench", ["*"], 10_000, ct).ConfigureAwait(false);
            await app.StartAsync(ct).ConfigureAwait(false);
            var status = app.Services.GetRequiredService<SipGateway>().Status;
            if (status.State != "listening") throw new InvalidOperationException($"The SIP gateway is not listening: {status.State} {status.Detail}");

            api = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
            api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
            var agentId = await CreateAsync(api, "/api/v1/agents", AgentBody, ct).ConfigureAwait(false);
            await CreateAsync(api, "/api/v1/phone-numbers",
                $$"""{"number":"{{Number}}","sip_trunk_id":null,"inbound_agents":[{"agent_id":"{{agentId}}","weight":1}]}""", ct).ConfigureAwait(false);
            return new SipBenchServer(app, dataDirectory, status.Port, api);
        }
        catch
        {
            api?.Dispose();
            await app.DisposeAsync().ConfigureAwait(false);
            TryDelete(dataDirectory);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        TryDelete(_dataDirectory);
    }

    private static async Task<string> CreateAsync(HttpClient api, string path, string body, CancellationToken ct)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await api.PostAsync(new Uri(path, UriKind.Relative), content, ct).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"POST {path} failed: {(int)response.StatusCode} {text}");
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.GetProperty("id").GetString() ?? throw new InvalidOperationException($"POST {path} returned no id.");
    }

    private static void TryDelete(string directory)
    {
        try { Directory.Delete(directory, recursive: true); }
        catch (IOException) { /* A leftover temp directory is harmless; failing the run over it is not. */ }
        catch (UnauthorizedAccessException) { }
    }
}
