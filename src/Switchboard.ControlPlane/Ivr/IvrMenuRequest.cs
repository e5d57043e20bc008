using System.Text.Json;

namespace Switchboard.ControlPlane.Ivr;

/// <summary>The writable fields of an IVR menu: the create body, and what a PATCH merge patch is applied to.</summary>
internal sealed record IvrMenuRequest
{
    public string? Name { get; init; }
    public string? Description { get; init; }
    public JsonElement? Definition { get; init; }
}
