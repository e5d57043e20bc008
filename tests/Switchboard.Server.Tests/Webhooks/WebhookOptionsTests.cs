using Microsoft.Extensions.Options;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Webhooks;

public sealed class WebhookOptionsTests
{
    [Theory]
    [InlineData("Webhooks:LeaseSeconds", "10", "LeaseSeconds longer than it")]
    [InlineData("Webhooks:RequestTimeoutSeconds", "0", "RequestTimeoutSeconds must be at least 1")]
    [InlineData("Webhooks:BatchSize", "0", "BatchSize")]
    public async Task A_setting_that_cannot_work_stops_the_server_at_start_with_its_name(string key, string value, string message)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            TestServerInstance.StartAsync(Providers.Sqlite, new Dictionary<string, string?> { [key] = value }));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
