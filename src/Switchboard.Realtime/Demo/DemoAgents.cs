using System.Text.Json;

namespace Switchboard.Realtime.Demo;

/// <summary>
/// The demo agents shipped with the engine. <see cref="AcmeDentalFlow"/> is the receptionist created on first start:
/// a conversation flow that needs no LLM and no keys (it is written for the offline recogniser's small vocabulary).
/// </summary>
/// <remarks>Stateless and thread-safe; the resource is read once.</remarks>
public static class DemoAgents
{
    private const string AcmeDentalResource = "Switchboard.Realtime.Demo.AcmeDental.flow.json";

    private static readonly Lazy<string> AcmeDentalText = new(() => ReadResource(AcmeDentalResource));

    /// <summary>The demo agent's display name.</summary>
    public const string AcmeDentalName = "Acme Dental";

    /// <summary>The Acme Dental flow as JSON text, ready to store as the agents API's <c>response_engine.flow</c>.</summary>
    public static string AcmeDentalFlow => AcmeDentalText.Value;

    /// <summary>The Acme Dental flow parsed; a fresh document each time, owned by the caller (no disposal needed).</summary>
    public static JsonElement AcmeDentalFlowJson()
    {
        using var document = JsonDocument.Parse(AcmeDentalFlow);
        return document.RootElement.Clone();
    }

    private static string ReadResource(string name)
    {
        using var stream = typeof(DemoAgents).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded resource '{name}' is missing from {typeof(DemoAgents).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
