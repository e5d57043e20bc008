using System.Text.Json;

namespace Switchboard.ControlPlane.Functions.Http;

/// <summary>One HTTP function execution's inputs. <see cref="Revealed"/> collects the secret values used, for masking.</summary>
internal sealed record HttpFunctionCall(
    string OrganizationId,
    HttpFunctionSettings Settings,
    IReadOnlySet<string> DeclaredArguments,
    JsonElement Arguments,
    IReadOnlyDictionary<string, string>? Variables,
    ICollection<string> Revealed);
