using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Functions;

/// <summary>get_weather against a local Kestrel server that answers in Open-Meteo's documented JSON format.</summary>
public sealed class WeatherFunctionTests : IAsyncLifetime
{
    private readonly ConcurrentQueue<string> _requests = new();
    private WebApplication _fake = null!;
    private string _fakeUrl = "";

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _fake = builder.Build();
        _fake.MapGet("/v1/search", (HttpRequest r) =>
        {
            _requests.Enqueue(r.Path + r.QueryString);
            return r.Query["name"] == "Berlin"
                ? Results.Text("""
                    {"results":[{"id":2950159,"name":"Berlin","latitude":52.52437,"longitude":13.41053,"elevation":74.0,
                      "feature_code":"PPLC","country_code":"DE","timezone":"Europe/Berlin","country":"Germany"}],"generationtime_ms":0.9}
                    """, "application/json")
                : Results.Text("""{"generationtime_ms":0.5}""", "application/json");
        });
        _fake.MapGet("/v1/forecast", (HttpRequest r) =>
        {
            _requests.Enqueue(r.Path + r.QueryString);
            if (r.Query["latitude"] == "0") return Results.StatusCode(500);
            var f = r.Query["temperature_unit"] == "fahrenheit";
            return Results.Text($$"""
                {"latitude":52.52,"longitude":13.419998,"generationtime_ms":0.05,"utc_offset_seconds":3600,"timezone":"Europe/Berlin",
                 "timezone_abbreviation":"GMT+1","elevation":38.0,
                 "current_units":{"time":"iso8601","interval":"seconds","temperature_2m":"{{(f ? "°F" : "°C")}}","apparent_temperature":"{{(f ? "°F" : "°C")}}",
                   "relative_humidity_2m":"%","weather_code":"wmo code","wind_speed_10m":"km/h"},
                 "current":{"time":"2026-11-24T07:00","interval":900,"temperature_2m":{{(f ? "39.4" : "4.1")}},"apparent_temperature":{{(f ? "33.1" : "0.6")}},
                   "relative_humidity_2m":87,"weather_code":61,"wind_speed_10m":14.3} }
                """, "application/json");
        });
        await _fake.StartAsync();
        _fakeUrl = _fake.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task Looks_a_place_up_then_reads_current_conditions()
    {
        await using var server = await TestServerInstance.StartAsync(Providers.Sqlite, new Dictionary<string, string?>
        {
            ["Functions:Weather:Provider"] = "open-meteo",
            ["Functions:Weather:ForecastBaseUrl"] = _fakeUrl,
            ["Functions:Weather:GeocodingBaseUrl"] = _fakeUrl,
            ["Outbound:AllowedHosts:0"] = "127.0.0.1",
        });
        var key = await server.CreateKeyAsync();
        var fn = await FunctionsApiTests.CreateBuiltinAsync(key.Client, "get_weather");

        var run = await (await key.Client.PostJsonAsync($"/api/v1/functions/{fn}/test", """{"arguments":{"location":"Berlin"}}""")).JsonAsync();
        Assert.Equal("succeeded", (string?)run["status"]);
        var result = run["result"]!;
        Assert.Equal("Berlin", (string?)result["location"]);
        Assert.Equal("Germany", (string?)result["country"]);
        Assert.Equal(4.1, (double)result["temperature"]!);
        Assert.Equal("rain", (string?)result["conditions"]);
        Assert.Equal(87, (double)result["relative_humidity_percent"]!);
        Assert.Contains(_requests, r => r.StartsWith("/v1/search", StringComparison.Ordinal) && r.Contains("name=Berlin", StringComparison.Ordinal));
        Assert.Contains(_requests, r => r.StartsWith("/v1/forecast", StringComparison.Ordinal) && r.Contains("latitude=52.52437", StringComparison.Ordinal)
            && r.Contains("current=temperature_2m", StringComparison.Ordinal));

        var byCoordinates = await (await key.Client.PostJsonAsync($"/api/v1/functions/{fn}/test",
            """{"arguments":{"latitude":52.52,"longitude":13.41,"unit":"fahrenheit"}}""")).JsonAsync();
        Assert.Equal(39.4, (double)byCoordinates["result"]!["temperature"]!);
        Assert.Contains(_requests, r => r.Contains("temperature_unit=fahrenheit", StringComparison.Ordinal));

        var nowhere = await (await key.Client.PostJsonAsync($"/api/v1/functions/{fn}/test", """{"arguments":{"location":"Atlantis"}}""")).JsonAsync();
        Assert.Contains("No place named 'Atlantis'", (string?)nowhere["error"]!["message"], StringComparison.Ordinal);

        var broken = await (await key.Client.PostJsonAsync($"/api/v1/functions/{fn}/test", """{"arguments":{"latitude":0,"longitude":0}}""")).JsonAsync();
        Assert.Equal("provider_failed", (string?)broken["error"]!["code"]);
        Assert.Contains("HTTP 500", (string?)broken["error"]!["message"], StringComparison.Ordinal);

        var neither = await (await key.Client.PostJsonAsync($"/api/v1/functions/{fn}/test", """{"arguments":{"unit":"celsius"}}""")).JsonAsync();
        Assert.Equal("invalid_arguments", (string?)neither["status"]);
    }

    [Fact]
    public async Task An_unknown_provider_stops_the_server_at_start()
    {
        var ex = await Assert.ThrowsAnyAsync<Exception>(() => TestServerInstance.StartAsync(Providers.Sqlite,
            new Dictionary<string, string?> { ["Functions:Weather:Provider"] = "acme-weather" }));
        Assert.Contains("Functions:Weather:Provider", ex.ToString(), StringComparison.Ordinal);
    }
}
