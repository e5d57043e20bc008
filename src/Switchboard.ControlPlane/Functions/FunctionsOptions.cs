namespace Switchboard.ControlPlane.Functions;

/// <summary>Configuration section <c>Functions</c>.</summary>
internal sealed class FunctionsOptions
{
    public const string Section = "Functions";

    /// <summary>get_weather's provider; none configured means get_weather answers with a clear error.</summary>
    public WeatherProviderOptions Weather { get; set; } = new();
}
