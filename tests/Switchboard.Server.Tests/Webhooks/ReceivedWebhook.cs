using System.Text.Json.Nodes;

namespace Switchboard.Server.Tests.Webhooks;

/// <summary>One request a test receiver got, exactly as sent.</summary>
internal sealed record ReceivedWebhook(string Path, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string Id => Headers["webhook-id"];
    public long Timestamp => long.Parse(Headers["webhook-timestamp"], System.Globalization.CultureInfo.InvariantCulture);
    public string[] Signatures => Headers["webhook-signature"].Split(' ');
    public JsonNode Json => JsonNode.Parse(Body)!;
}
