using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace Switchboard.ControlPlane.Functions.Builtins;

/// <summary>
/// Current weather from Open-Meteo's documented JSON API (geocoding search, then the forecast's
/// <c>current</c> block). Requests go through the named HttpClient <see cref="HttpClientName"/> so the
/// outbound SSRF guard can replace its handler without touching this class.
/// </summary>
internal sealed class WeatherFunction(IHttpClientFactory clients, IOptions<FunctionsOptions> options) : IBuiltinFunction
{
    public const string HttpClientName = "outbound";

    public string Name => "get_weather";

    public string Description => "Get the current weather for a place (by name, or by latitude and longitude).";

    public string ParametersSchema => """
        {"type":"object","properties":{
          "location":{"type":"string","minLength":1,"maxLength":200,"description":"City or place name, e.g. Berlin."},
          "latitude":{"type":"number","minimum":-90,"maximum":90},
          "longitude":{"type":"number","minimum":-180,"maximum":180},
          "unit":{"type":"string","enum":["celsius","fahrenheit"],"description":"Temperature unit; celsius when omitted."}},
         "anyOf":[{"required":["location"]},{"required":["latitude","longitude"]}],"additionalProperties":false}
        """;

    public bool RunsOnServer => true;

    public async Task<JsonNode?> RunAsync(BuiltinInvocation invocation, CancellationToken cancellationToken)
    {
        var settings = options.Value.Weather;
        if (string.IsNullOrEmpty(settings.Provider))
            throw new FunctionFailedException(FunctionErrorCodes.ProviderNotConfigured,
                "No weather provider is configured on this server (set Functions:Weather:Provider to open-meteo).");
        if (settings.Provider != WeatherProviderOptions.OpenMeteo)
            throw new FunctionFailedException(FunctionErrorCodes.ProviderNotConfigured, $"Unknown weather provider '{settings.Provider}'.");

        var args = invocation.Arguments;
        var unit = args.TryGetProperty("unit", out var u) ? u.GetString()! : "celsius";
        var http = clients.CreateClient(HttpClientName);
        string? place = null;
        string? country = null;
        double latitude, longitude;
        if (args.TryGetProperty("latitude", out var lat) && args.TryGetProperty("longitude", out var lon))
        {
            latitude = lat.GetDouble();
            longitude = lon.GetDouble();
        }
        else
        {
            var name = args.GetProperty("location").GetString()!;
            var search = await GetAsync(http, new Uri(settings.GeocodingBaseUrl,
                "/v1/search?count=1&language=en&format=json&name=" + Uri.EscapeDataString(name)), cancellationToken);
            if (!search.TryGetProperty("results", out var results) || results.ValueKind != JsonValueKind.Array || results.GetArrayLength() == 0)
                throw new FunctionFailedException(FunctionErrorCodes.InvalidArguments, $"No place named '{name}' was found; try a larger nearby city.");
            var first = results[0];
            latitude = first.GetProperty("latitude").GetDouble();
            longitude = first.GetProperty("longitude").GetDouble();
            place = first.TryGetProperty("name", out var n) ? n.GetString() : name;
            country = first.TryGetProperty("country", out var c) ? c.GetString() : null;
        }

        var query = FormattableString.Invariant(
            $"/v1/forecast?latitude={latitude}&longitude={longitude}&current=temperature_2m,apparent_temperature,relative_humidity_2m,weather_code,wind_speed_10m&timezone=auto")
            + (unit == "fahrenheit" ? "&temperature_unit=fahrenheit" : "");
        var forecast = await GetAsync(http, new Uri(settings.ForecastBaseUrl, query), cancellationToken);
        if (!forecast.TryGetProperty("current", out var current) || current.ValueKind != JsonValueKind.Object)
            throw new FunctionFailedException(FunctionErrorCodes.ProviderFailed, "The weather provider's answer had no current conditions.");

        var code = current.TryGetProperty("weather_code", out var wc) && wc.TryGetInt32(out var w) ? w : -1;
        return new JsonObject
        {
            ["location"] = place,
            ["country"] = country,
            ["latitude"] = latitude,
            ["longitude"] = longitude,
            ["time"] = current.TryGetProperty("time", out var t) ? t.GetString() : null,
            ["temperature"] = Number(current, "temperature_2m"),
            ["apparent_temperature"] = Number(current, "apparent_temperature"),
            ["unit"] = unit,
            ["relative_humidity_percent"] = Number(current, "relative_humidity_2m"),
            ["wind_speed_kmh"] = Number(current, "wind_speed_10m"),
            ["conditions"] = Describe(code),
        };
    }

    private static async Task<JsonElement> GetAsync(HttpClient http, Uri url, CancellationToken ct)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.GetAsync(url, ct);
        }
        catch (HttpRequestException ex)
        {
            throw new FunctionFailedException(FunctionErrorCodes.ProviderFailed, "The weather provider could not be reached: " + ex.Message);
        }
        using (response)
        {
            if (!response.IsSuccessStatusCode)
                throw new FunctionFailedException(FunctionErrorCodes.ProviderFailed, $"The weather provider answered HTTP {(int)response.StatusCode}.");
            try
            {
                return await response.Content.ReadFromJsonAsync<JsonElement>(ct);
            }
            catch (JsonException)
            {
                throw new FunctionFailedException(FunctionErrorCodes.ProviderFailed, "The weather provider's answer was not JSON.");
            }
        }
    }

    private static double? Number(JsonElement current, string name) =>
        current.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    // WMO weather interpretation codes, as Open-Meteo documents them.
    private static string Describe(int code) => code switch
    {
        0 => "clear sky",
        1 => "mainly clear",
        2 => "partly cloudy",
        3 => "overcast",
        45 or 48 => "fog",
        51 or 53 or 55 => "drizzle",
        56 or 57 => "freezing drizzle",
        61 or 63 or 65 => "rain",
        66 or 67 => "freezing rain",
        71 or 73 or 75 or 77 => "snow",
        80 or 81 or 82 => "rain showers",
        85 or 86 => "snow showers",
        95 => "thunderstorm",
        96 or 99 => "thunderstorm with hail",
        _ => "unknown",
    };
}
