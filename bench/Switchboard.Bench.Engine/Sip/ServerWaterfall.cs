using System.Globalization;
using System.Text.Json;

namespace Switchboard.Bench.Engine.Sip;

/// <summary>
/// The server's own per-turn waterfall (the call records' <c>latency.turns</c>) over the newest calls, so the wire
/// figure can be split: time the server needed to notice the end of speech versus time to its first frame sent.
/// </summary>
internal static class ServerWaterfall
{
    private static readonly string[] Stages = ["stt_final_ms", "first_audio_ms", "first_frame_sent_ms"];

    public static async Task PrintAsync(HttpClient api, int calls, string label)
    {
        var values = Stages.ToDictionary(s => s, _ => new List<double>());
        try
        {
            using var list = JsonDocument.Parse(await api.GetStringAsync(new Uri($"/api/v1/calls?limit={Math.Clamp(calls, 1, 100)}", UriKind.Relative)).ConfigureAwait(false));
            foreach (var call in list.RootElement.GetProperty("data").EnumerateArray())
            {
                var id = call.GetProperty("id").GetString();
                using var detail = JsonDocument.Parse(await api.GetStringAsync(new Uri($"/api/v1/calls/{id}", UriKind.Relative)).ConfigureAwait(false));
                if (!detail.RootElement.TryGetProperty("latency", out var latency) || latency.ValueKind != JsonValueKind.Object) continue;
                foreach (var turn in latency.GetProperty("turns").EnumerateArray())
                {
                    foreach (var stage in Stages)
                    {
                        if (turn.TryGetProperty(stage, out var v) && v.ValueKind == JsonValueKind.Number) values[stage].Add(v.GetDouble());
                    }
                }
            }
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            Console.WriteLine($"{label}: server waterfall unavailable: {e.Message}");
            return;
        }
        // Greetings and re-prompts are agent turns too; they have no caller speech, so their stages are null and drop out.
        Console.WriteLine($"{label}: server waterfall from its own end-of-speech detection (agent turns of the last {calls} call(s)): " +
            string.Join(", ", Stages.Select(s => string.Create(CultureInfo.InvariantCulture,
                $"{s} p50={Percentiles.Of(values[s], 50):F0} p95={Percentiles.Of(values[s], 95):F0} (n={values[s].Count})"))));
    }
}
