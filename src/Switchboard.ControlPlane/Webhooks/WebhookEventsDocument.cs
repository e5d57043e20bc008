using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Switchboard.ControlPlane.Webhooks.Events;

namespace Switchboard.ControlPlane.Webhooks;

/// <summary>
/// Documents every event in the OpenAPI 3.1 <c>webhooks</c> section: one entry per type, its envelope schema
/// (<c>WebhookEvent_call_started</c> …) with the typed <c>data</c>, and the signature headers.
/// </summary>
internal sealed class WebhookEventsDocument : IOpenApiDocumentTransformer
{
    public async Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Webhooks ??= new Dictionary<string, IOpenApiPathItem>();
        foreach (var (type, dataType) in WebhookEventTypes.All)
        {
            var name = "WebhookEvent_" + type.Replace('.', '_');
            var schema = await context.GetOrCreateSchemaAsync(typeof(WebhookEnvelope<>).MakeGenericType(dataType), null, cancellationToken);
            schema.Description = $"The '{type}' event as POSTed to endpoints.";
            document.Components.Schemas[name] = schema;
            document.Webhooks[type] = new OpenApiPathItem
            {
                Operations = new Dictionary<HttpMethod, OpenApiOperation>
                {
                    [HttpMethod.Post] = new()
                    {
                        OperationId = "Webhook_" + type.Replace('.', '_'),
                        Summary = $"The '{type}' event.",
                        Description = "Signed per Standard Webhooks v1: verify webhook-signature (space-separated v1,<base64 HMAC-SHA256 "
                            + "of 'webhook-id.webhook-timestamp.body'>) with the endpoint's whsec_ secret. Retries keep the webhook-id.",
                        Tags = new HashSet<OpenApiTagReference> { new("Webhooks", document) },
                        Parameters =
                        [
                            Header("webhook-id", "The event id (evt_…); the same on every retry: use it to drop duplicates."),
                            Header("webhook-timestamp", "Unix seconds when this attempt was signed."),
                            Header("webhook-signature", "One 'v1,<base64>' per active secret, space-separated (two during a rotation)."),
                        ],
                        RequestBody = new OpenApiRequestBody
                        {
                            Required = true,
                            Content = new Dictionary<string, OpenApiMediaType>
                            {
                                ["application/json"] = new() { Schema = new OpenApiSchemaReference(name, document) },
                            },
                        },
                        Responses = new OpenApiResponses
                        {
                            ["2XX"] = new OpenApiResponse { Description = "Delivered. Anything else (and redirects) is retried; 410 disables the endpoint." },
                        },
                    },
                },
            };
        }
    }

    private static OpenApiParameter Header(string name, string description) => new()
    {
        Name = name,
        In = ParameterLocation.Header,
        Required = true,
        Description = description,
        Schema = new OpenApiSchema { Type = JsonSchemaType.String },
    };
}
