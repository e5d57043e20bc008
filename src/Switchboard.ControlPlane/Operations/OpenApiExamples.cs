using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Switchboard.ControlPlane.Operations;

/// <summary>
/// Request and response examples in the OpenAPI document, by operation id, plus one problem example on every
/// error response, so the reference shows real bodies rather than bare schemas.
/// </summary>
internal sealed class OpenApiExamples : IOpenApiOperationTransformer
{
    private static readonly Dictionary<string, string> Requests = new(StringComparer.Ordinal)
    {
        ["CreateAgent"] = """
            {"name":"Acme Dental","response_engine":{"type":"llm","provider":"openai","model":"gpt-4o-mini",
             "system_prompt":"You are the receptionist of Acme Dental. Today is {{today}}.","begin_message":"Hello, Acme Dental!",
             "temperature":0.3},"voice":{"provider":"flite","voice_id":"slt","speed":1.0},
             "stt":{"provider":"pocketsphinx","language":"en-US","boosted_keywords":["Acme"]},
             "interruption_sensitivity":0.8,"responsiveness":1.0,"end_call_after_silence_ms":30000,
             "max_call_duration_ms":1800000,"webhook_url":"https://example.com/switchboard",
             "post_call_analysis":[{"name":"appointment_booked","type":"boolean","description":"Was a slot booked?"}],
             "metadata":{"team":"front-desk"},"dynamic_variables":{"today":"Monday"}}
            """,
        ["UpdateAgent"] = """{"response_engine":{"temperature":0.5},"voice":{"voice_id":"kal"},"metadata":null}""",
        ["CreateApiKey"] = """{"name":"ci-deploy","scopes":["agents:read","agents:write"],"rate_limit_per_minute":120,"monthly_quota":100000,"expires_at":"2027-12-31T00:00:00Z"}""",
        ["RotateApiKey"] = """{"grace_period_seconds":3600}""",
        ["CreateWebhookEndpoint"] = """
            {"url":"https://example.com/switchboard/events","description":"CRM sync","enabled":true,
             "event_types":["call.ended","call.analyzed"],"headers":{"X-Team":"front-desk"}}
            """,
        ["UpdateWebhookEndpoint"] = """{"event_types":["call.ended"],"description":"CRM sync (ended calls only)"}""",
        ["TestWebhookEndpoint"] = """{"event_type":"call.ended"}""",
        ["ReplayWebhookDeliveries"] = """{"since":"2026-11-24T00:00:00Z"}""",
    };

    private static readonly Dictionary<string, string> Responses = new(StringComparer.Ordinal)
    {
        ["CreateApiKey"] = """
            {"id":"key_4f9QxJ2mZr8TcW1pLs0aBvYd","name":"ci-deploy","prefix":"sb_live_7GqX","last_four":"k2Zt",
             "scopes":["agents:read","agents:write"],"rate_limit_per_minute":120,"monthly_quota":100000,
             "expires_at":"2027-12-31T00:00:00+00:00","created_at":"2026-11-24T10:00:00+00:00",
             "key":"sb_live_7GqXw0bN3vYp9LmQ2rT8sKd1FhJc5ZxA4e0Ek2Zt"}
            """,
        ["GetAgent"] = """
            {"id":"agent_8sKd1FhJc5ZxA4e0Ek2ZtW1p","version":3,"published_version":2,"is_published":false,
             "created_at":"2026-11-24T10:00:00+00:00","updated_at":"2026-11-24T11:30:00+00:00","name":"Acme Dental",
             "response_engine":{"type":"flow","flow":{"start":"greet"}},"voice":{"provider":"flite","voice_id":"slt","speed":1},
             "stt":{"provider":"pocketsphinx","language":"en-US","boosted_keywords":[]},"interruption_sensitivity":1,
             "responsiveness":1,"end_call_after_silence_ms":600000,"max_call_duration_ms":3600000,
             "post_call_analysis":[],"dynamic_variables":{}}
            """,
    };

    private static readonly JsonNode ProblemExample = JsonNode.Parse("""
        {"type":"https://tools.ietf.org/html/rfc9110#section-15.5.1","title":"Validation failed","status":400,
         "detail":"One or more fields are invalid; see errors.","instance":"/api/v1/agents","code":"validation_failed",
         "errors":{"response_engine.model":["model is required for an llm engine."]},"request_id":"req_Xq3vT9mK2pL8sW4bN7cZ"}
        """)!;

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var id = operation.OperationId ?? "";
        if (Requests.TryGetValue(id, out var request) && operation.RequestBody?.Content is { } content)
        {
            foreach (var media in content.Values) media.Example = JsonNode.Parse(request);
        }

        foreach (var (status, response) in operation.Responses ?? [])
        {
            if (response.Content is null) continue;
            if (status.StartsWith('2') && Responses.TryGetValue(id, out var example))
            {
                foreach (var media in response.Content.Values) media.Example = JsonNode.Parse(example);
            }
            else if (status.StartsWith('4') || status.StartsWith('5'))
            {
                var problem = ProblemExample.DeepClone();
                problem["status"] = int.Parse(status);
                problem["title"] = ExampleTitle(status);
                problem["code"] = status == "400" ? Http.ErrorCodes.ValidationFailed : Http.ErrorCodes.ForStatus(int.Parse(status));
                if (status != "400") problem.AsObject().Remove("errors");
                problem["detail"] = ExampleDetail(status);
                foreach (var media in response.Content.Values) media.Example = problem;
            }
        }
        return Task.CompletedTask;
    }

    private static string ExampleTitle(string status) => status switch
    {
        "400" => "Validation failed",
        "401" => "Unauthorized",
        "403" => "Insufficient scope",
        "404" => "Not found",
        "413" => "Payload too large",
        "415" => "Unsupported media type",
        "429" => "Too many requests",
        _ => "Error",
    };

    private static string ExampleDetail(string status) => status switch
    {
        "400" => "One or more fields are invalid; see errors.",
        "401" => "Send an API key: 'Authorization: Bearer <api key>'.",
        "403" => "This API key lacks the scope 'agents:write'.",
        "404" => "No agent with that id.",
        "413" => "The request body is larger than the 1 MB limit.",
        "415" => "Send the body as application/json.",
        "429" => "The 'key' limit of 600 requests per minute is used up; retry after the Retry-After delay.",
        _ => "",
    };
}
