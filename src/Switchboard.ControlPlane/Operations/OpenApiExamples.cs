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
        ["CreateIvrMenu"] = """
            {"name":"Main line","description":"Front door of the Acme support number","definition":{
             "prompt":"Welcome to Acme. For sales press 1, for support press 2.","timeout_ms":6000,"max_retries":2,
             "invalid_prompt":"Sorry, that is not an option.","on_max_retries":{"type":"transfer","target":"+15550100"},
             "options":[{"digit":"1","keywords":["sales"],"action":{"type":"transfer","target":"sip:sales@acme.example"}},
              {"digit":"2","keywords":["support"],"action":{"type":"submenu","menu":{"prompt":"For billing press 1, to go back press star.",
               "options":[{"digit":"1","action":{"type":"agent","target":"billing"}},{"digit":"*","action":{"type":"back"}}]}}}]}}
            """,
        ["UpdateIvrMenu"] = """{"description":null,"definition":{"timeout_ms":8000}}""",
        ["CreateFunction"] = """
            {"name":"lookup_order","description":"Look an order up by its number.","kind":"http",
             "http":{"method":"GET","url":"https://api.example.com/orders/{{order_id}}",
               "headers":{"Authorization":"Bearer {{secret.ORDERS_API_TOKEN}}","X-Customer":"{{customer_id}}"},
               "query":{"expand":"items"},"response_mapping":{"order_status":"$.order.status","first_sku":"$.order.items[0].sku"},
               "sign_request":false},
             "parameters":{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object",
               "properties":{"order_id":{"type":"string","pattern":"^[0-9]{6}$"}},"required":["order_id"],"additionalProperties":false},
             "timeout_ms":8000,"speak_during_execution":true,"filler_line":"Let me check that order.","pii_fields":["phone"]}
            """,
        ["UpdateFunction"] = """{"description":"Evaluate arithmetic for the caller.","timeout_ms":5000}""",
        ["TestFunction"] = """{"arguments":{"expression":"2 * (3 + 4)"},"call_id":"call_test_1","dynamic_variables":{"customer_id":"cus_42"}}""",
        ["CreateTable"] = """
            {"name":"products","format":"csv","content":"sku,name,price,in_stock\r\nA-1,\"Widget, small\",9.99,true\r\n",
             "columns":[{"name":"sku","type":"string"}]}
            """,
        ["CreateWebhookEndpoint"] = """
            {"url":"https://example.com/switchboard/events","description":"CRM sync","enabled":true,
             "event_types":["call.ended","call.analyzed"],"headers":{"X-Team":"front-desk"}}
            """,
        ["UpdateWebhookEndpoint"] = """{"event_types":["call.ended"],"description":"CRM sync (ended calls only)"}""",
        ["TestWebhookEndpoint"] = """{"event_type":"call.ended"}""",
        ["ReplayWebhookDeliveries"] = """{"since":"2026-11-24T00:00:00Z"}""",
        ["CreateSipTrunk"] = """
            {"name":"Carrier (US)","address":"sip.carrier.example:5060","transport":"udp","username":"acme-trunk",
             "password":"s3cret-from-the-carrier","register":true,"register_expires_seconds":3600,"outbound_caller_id":"+15550100",
             "inbound_networks":["203.0.113.0/24"]}
            """,
        ["UpdateSipTrunk"] = """{"transport":"tcp","password":"rotated-s3cret"}""",
        ["CreatePhoneNumber"] = """
            {"number":"+1 (555) 010-0","nickname":"Front desk","sip_trunk_id":null,
             "inbound_agents":[{"agent_id":"agent_8sKd1FhJc5ZxA4e0Ek2ZtW1p","weight":3},
              {"agent_id":"agent_8sKd1FhJc5ZxA4e0Ek2ZtW1p","agent_version":1,"weight":1}],
             "inbound_webhook_url":"https://example.com/switchboard/inbound","outbound_allowed_countries":["1","44"]}
            """,
        ["UpdatePhoneNumber"] = """{"nickname":null,"inbound_agents":[{"agent_id":"agent_8sKd1FhJc5ZxA4e0Ek2ZtW1p","weight":1}]}""",
        ["CreateSecret"] = """{"name":"CRM_API_TOKEN","value":"crm-token-from-your-crm-settings-page"}""",
        ["ReplaceSecret"] = """{"value":"rotated-crm-token"}""",
        ["CreateWebCall"] = """{"agent_id":"agent_8sKd1FhJc5ZxA4e0Ek2ZtW1p","dynamic_variables":{"customer_name":"Ada"},"metadata":{"page":"pricing"}}""",
    };

    private static readonly Dictionary<string, string> Responses = new(StringComparer.Ordinal)
    {
        ["CreateWebCall"] = """
            {"call_id":"call_3mZr8TcW1pLs0aBvYd4f9QxJ","access_token":"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJjYWxsXzNtWnI4In0.c2lnbmF0dXJl",
             "expires_at":"2026-11-24T10:05:00+00:00","stream_url":"wss://switchboard.example.com/api/v1/calls/call_3mZr8TcW1pLs0aBvYd4f9QxJ/stream"}
            """,
        ["GetIvrMenu"] = """
            {"id":"ivr_3Jd8sKq0LmZxT4wBv9RcN2pE","name":"Main line","description":"Front door of the Acme support number",
             "definition":{"prompt":"For sales press 1, for support press 2.","timeout_ms":6000,
              "options":[{"digit":"1","keywords":["sales"],"action":{"type":"transfer","target":"+15550100"}},
               {"digit":"2","action":{"type":"agent"}}]},
             "created_at":"2026-11-24T10:00:00+00:00","updated_at":"2026-11-24T10:00:00+00:00"}
            """,
        ["ListIvrSessions"] = """
            {"data":[{"id":"ivrs_Vb7Qm2LxK9sT0dWp4ZcR1nHe","call_id":"call_8fKq2LmZ0xT4wBv9RcN2pEs1","menu_id":"ivr_3Jd8sKq0LmZxT4wBv9RcN2pE",
              "outcome":"transferred","outcome_target":"+15550100","path":[
               {"at":"2026-11-24T10:00:00+00:00","node_id":"root","kind":"entered"},
               {"at":"2026-11-24T10:00:04+00:00","node_id":"root","kind":"selected","digit":"1","keyword":"sales","detail":"transfer"}],
              "started_at":"2026-11-24T10:00:00+00:00","ended_at":"2026-11-24T10:00:05+00:00","created_at":"2026-11-24T10:00:05+00:00"}],
             "has_more":false}
            """,
        ["CreateApiKey"] = """
            {"id":"key_4f9QxJ2mZr8TcW1pLs0aBvYd","name":"ci-deploy","prefix":"sb_live_7GqX","last_four":"k2Zt",
             "scopes":["agents:read","agents:write"],"rate_limit_per_minute":120,"monthly_quota":100000,
             "expires_at":"2027-12-31T00:00:00+00:00","created_at":"2026-11-24T10:00:00+00:00",
             "key":"sb_live_7GqXw0bN3vYp9LmQ2rT8sKd1FhJc5ZxA4e0Ek2Zt"}
            """,
        ["ListCalls"] = """
            {"data":[{"id":"call_3mZr8TcW1pLs0aBvYd4f9QxJ","agent_id":"agent_8sKd1FhJc5ZxA4e0Ek2ZtW1p","agent_version":3,
             "status":"ended","direction":"inbound","from_number":"+15550100","to_number":"+15550199",
             "created_at":"2026-11-24T10:00:00+00:00","started_at":"2026-11-24T10:00:00+00:00","ended_at":"2026-11-24T10:01:00+00:00",
             "duration_ms":60000,"disconnection_reason":"user_hangup",
             "latency_summary":{"turns":1,"stt_final_ms":{"p50":300,"p90":300,"count":1},"first_text_ms":{"p50":700,"p90":700,"count":1},
              "first_audio_ms":{"p50":900,"p90":900,"count":1},"first_frame_sent_ms":{"p50":950,"p90":950,"count":1}}}],
             "has_more":true,"next_cursor":"NjM5MDAwMDAwMDAwMDAwMDAwOmNhbGxfM21acjhUY1cxcExzMGFCdllkNGY5UXhK"}
            """,
        ["GetCall"] = """
            {"id":"call_3mZr8TcW1pLs0aBvYd4f9QxJ","agent_id":"agent_8sKd1FhJc5ZxA4e0Ek2ZtW1p","agent_version":3,"status":"ended",
             "direction":"inbound","from_number":"+15550100","to_number":"+15550199","created_at":"2026-11-24T10:00:00+00:00",
             "started_at":"2026-11-24T10:00:00+00:00","ended_at":"2026-11-24T10:01:00+00:00","duration_ms":60000,
             "disconnection_reason":"user_hangup",
             "latency_summary":{"turns":1,"stt_final_ms":{"p50":300,"p90":300,"count":1},"first_text_ms":{"p50":700,"p90":700,"count":1},
              "first_audio_ms":{"p50":900,"p90":900,"count":1},"first_frame_sent_ms":{"p50":950,"p90":950,"count":1}},
             "transcript":[
              {"sequence":2,"type":"utterance","role":"agent","at":"2026-11-24T10:00:01.8+00:00","offset_ms":1800,"text":"Hello, Acme Dental!","start_ms":200,"end_ms":1800,"interrupted":false},
              {"sequence":3,"type":"utterance","role":"user","at":"2026-11-24T10:00:04.3+00:00","offset_ms":4300,"text":"I'd like to book a cleaning.","start_ms":2500,"end_ms":4000,"interrupted":false},
              {"sequence":5,"type":"tool_call","role":"tool","at":"2026-11-24T10:00:05.2+00:00","offset_ms":5200,"name":"check_availability","arguments":{"day":"tuesday"},"result":"{\"slots\":[\"10:00\"]}","is_error":false,"elapsed_ms":120},
              {"sequence":6,"type":"dtmf","role":"user","at":"2026-11-24T10:00:08+00:00","offset_ms":8000,"text":"1","digits":"1"},
              {"sequence":7,"type":"node_transition","role":"system","at":"2026-11-24T10:00:10+00:00","offset_ms":10000,"from_node_id":"greet","node_id":"confirm","reason":"booked"},
              {"sequence":8,"type":"transfer","role":"agent","at":"2026-11-24T10:00:20+00:00","offset_ms":20000,"target":"+15550123","accepted":false,"detail":"busy"}],
             "latency":{"turns":[{"turn":1,"at":"2026-11-24T10:00:05+00:00","offset_ms":5000,"stt_final_ms":300,"first_text_ms":700,"first_audio_ms":900,"first_frame_sent_ms":950}],
              "summary":{"turns":1,"stt_final_ms":{"p50":300,"p90":300,"count":1},"first_text_ms":{"p50":700,"p90":700,"count":1},
              "first_audio_ms":{"p50":900,"p90":900,"count":1},"first_frame_sent_ms":{"p50":950,"p90":950,"count":1}}},
             "call_analysis":{"status":"completed","summary":"The caller booked a cleaning for Tuesday at 10 AM.",
              "fields":{"booked":true,"service":"cleaning","day":"Tuesday"},"error":null,"attempts":1,"completed_at":"2026-11-24T10:01:04+00:00"}}
            """,
        ["RerunCallAnalysis"] = """
            {"status":"pending","summary":null,"fields":null,"error":null,"attempts":0,"completed_at":null}
            """,
        ["GetSipTrunk"] = """
            {"id":"trunk_4Zp9QxJ2mZr8TcW1pLs0aBvY","name":"Carrier (US)","address":"sip.carrier.example:5060","transport":"udp",
             "username":"acme-trunk","has_password":true,"register":true,"register_expires_seconds":3600,
             "outbound_caller_id":"+15550100","created_at":"2026-11-24T10:00:00+00:00","updated_at":"2026-11-24T10:00:00+00:00"}
            """,
        ["GetPhoneNumber"] = """
            {"id":"pn_7GqXw0bN3vYp9LmQ2rT8sKd1","number":"+15550100","nickname":"Front desk",
             "inbound_agents":[{"agent_id":"agent_8sKd1FhJc5ZxA4e0Ek2ZtW1p","weight":3},
              {"agent_id":"agent_8sKd1FhJc5ZxA4e0Ek2ZtW1p","agent_version":1,"weight":1}],
             "inbound_webhook_url":"https://example.com/switchboard/inbound","outbound_allowed_countries":["1","44"],
             "created_at":"2026-11-24T10:00:00+00:00","updated_at":"2026-11-24T10:00:00+00:00"}
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
                problem["code"] = status is "400" or "422" ? Http.ErrorCodes.ValidationFailed : Http.ErrorCodes.ForStatus(int.Parse(status));
                if (status == "422") problem["errors"] = new JsonObject { ["definition.options[0].digit"] = new JsonArray("Digit '1' is already used by another option of this menu.") };
                else if (status != "400") problem.AsObject().Remove("errors");
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
        "422" => "Validation failed",
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
        "422" => "The request is well-formed but its content cannot be used; see errors.",
        "429" => "The 'key' limit of 600 requests per minute is used up; retry after the Retry-After delay.",
        _ => "",
    };
}
