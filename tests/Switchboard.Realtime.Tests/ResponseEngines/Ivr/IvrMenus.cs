namespace Switchboard.Realtime.Tests.ResponseEngines.Ivr;

/// <summary>Menu documents shared by the IVR tests; <see cref="Example"/> is the one in docs/ivr.md.</summary>
internal static class IvrMenus
{
    public const string Example = """
        {
          "prompt": "Welcome to Acme, {{caller_name}}. For sales press 1, for support press 2, for our opening hours press 3, to speak with our assistant press 0.",
          "timeout_ms": 6000,
          "max_retries": 2,
          "timeout_prompt": "Sorry, I did not hear a choice.",
          "invalid_prompt": "Sorry, that is not an option.",
          "on_max_retries": { "type": "transfer", "target": "+15550100", "text": "Let me get someone to help you." },
          "options": [
            { "digit": "1", "keywords": ["sales", "buy something"], "action": { "type": "transfer", "target": "sip:sales@acme.example", "text": "Connecting you to sales." } },
            { "digit": "2", "keywords": ["support", "help"], "action": { "type": "submenu", "menu": {
                "prompt": "Support. For billing press 1, for a technician press 2, to go back press star.",
                "max_retries": 1,
                "options": [
                  { "digit": "1", "keywords": ["billing"], "action": { "type": "message", "text": "Billing is open weekdays.", "then": "back" } },
                  { "digit": "2", "keywords": ["technician"], "action": { "type": "agent", "target": "tech_support", "text": "One moment." } },
                  { "digit": "9", "action": { "type": "repeat" } },
                  { "digit": "*", "keywords": ["back"], "action": { "type": "back" } }
                ] } } },
            { "digit": "3", "keywords": ["hours", "opening hours"], "action": { "type": "message", "text": "We are open nine to five." } },
            { "digit": "4", "action": { "type": "message", "text": "Thank you for calling.", "then": "hangup" } },
            { "digit": "0", "keywords": ["assistant"], "action": { "type": "agent" } },
            { "digit": "#", "action": { "type": "hangup", "text": "Goodbye." } }
          ]
        }
        """;
}
