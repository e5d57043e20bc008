namespace Switchboard.ControlPlane.Functions;

/// <summary><c>Functions:Weather</c>: which provider get_weather uses and where it lives.</summary>
internal sealed class WeatherProviderOptions
{
    public const string OpenMeteo = "open-meteo";

    /// <summary><c>open-meteo</c>, or empty for none.</summary>
    public string? Provider { get; set; }
    public Uri ForecastBaseUrl { get; set; } = new("https://api.open-meteo.com");
    public Uri GeocodingBaseUrl { get; set; } = new("https://geocoding-api.open-meteo.com");

    public bool IsValid() =>
        (string.IsNullOrEmpty(Provider) || Provider == OpenMeteo)
        && ForecastBaseUrl is { IsAbsoluteUri: true, Scheme: "http" or "https" }
        && GeocodingBaseUrl is { IsAbsoluteUri: true, Scheme: "http" or "https" };
}
