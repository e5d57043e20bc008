using System.Text.Json.Nodes;

namespace Switchboard.ControlPlane.Functions.Builtins;

/// <summary>
/// end_call, transfer_call and press_digit: registered here so agents can reference them with their schemas;
/// they act on a live call, so the call engine executes them and the server-side executor refuses them.
/// </summary>
internal sealed class CallControlFunction(string name, string description, string schema) : IBuiltinFunction
{
    public string Name => name;
    public string Description => description;
    public string ParametersSchema => schema;
    public bool RunsOnServer => false;

    public Task<JsonNode?> RunAsync(BuiltinInvocation invocation, CancellationToken cancellationToken) =>
        throw new FunctionFailedException(FunctionErrorCodes.OnlyDuringCall, $"'{name}' is only available during a call.");

    public static IEnumerable<CallControlFunction> All() =>
    [
        new("end_call", "End the call politely once the conversation is complete.",
            """{"type":"object","properties":{"reason":{"type":"string","maxLength":500,"description":"Why the call ends."}},"additionalProperties":false}"""),
        // The same arguments as the call engine's own transfer_call (which is what runs): target, mode, summary.
        new("transfer_call", "Transfer the caller to a phone number or SIP address, cold (hand over now) or warm (brief the person who answers first).",
            """{"type":"object","properties":{"target":{"type":"string","pattern":"^(\\+?[0-9][0-9 ().-]{2,30}|sips?:[^\\s]{3,250})$","description":"E.164 number (+14155550123) or sip: URI."},"mode":{"type":"string","enum":["cold","warm"]},"summary":{"type":"string","maxLength":1000,"description":"Warm transfers: what to tell the person who answers."}},"required":["target"],"additionalProperties":false}"""),
        new("press_digit", "Press keypad digits (DTMF), e.g. to navigate a phone menu.",
            """{"type":"object","properties":{"digits":{"type":"string","pattern":"^[0-9*#A-Da-d]{1,32}$","description":"Digits to send, e.g. 1 or 123#."}},"required":["digits"],"additionalProperties":false}"""),
    ];
}
