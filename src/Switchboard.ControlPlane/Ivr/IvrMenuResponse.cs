using System.Text.Json;

namespace Switchboard.ControlPlane.Ivr;

internal sealed record IvrMenuResponse(
    string Id,
    string Name,
    string? Description,
    JsonElement Definition,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static IvrMenuResponse From(IvrMenu menu)
    {
        using var doc = JsonDocument.Parse(menu.Definition);
        return new(menu.Id, menu.Name, menu.Description, doc.RootElement.Clone(), menu.CreatedAt, menu.UpdatedAt);
    }
}
