using Switchboard.ControlPlane.Webhooks;

namespace Switchboard.ControlPlane.Tests.Webhooks;

public sealed class WebhookRetryScheduleTests
{
    private static readonly double[] ExpectedSeconds = [5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400];

    [Fact]
    public void Follows_the_standard_schedule_within_ten_percent_and_stops_after_ten_attempts()
    {
        Assert.Equal(10, WebhookRetrySchedule.MaxAttempts);
        for (var attempts = 1; attempts <= 9; attempts++)
        {
            var nominal = ExpectedSeconds[attempts - 1];
            Assert.Equal(nominal * 0.9, WebhookRetrySchedule.NextDelay(attempts, null, 0)!.Value.TotalSeconds, 6);
            Assert.Equal(nominal, WebhookRetrySchedule.NextDelay(attempts, null, 0.5)!.Value.TotalSeconds, 6);
            Assert.True(WebhookRetrySchedule.NextDelay(attempts, null, 0.999999)!.Value.TotalSeconds < nominal * 1.1);
        }
        Assert.Null(WebhookRetrySchedule.NextDelay(10, null, 0.5));
    }

    [Fact]
    public void Retry_after_wins_when_longer_and_is_capped_at_a_day()
    {
        Assert.Equal(TimeSpan.FromMinutes(10), WebhookRetrySchedule.NextDelay(1, TimeSpan.FromMinutes(10), 0.5));
        Assert.Equal(TimeSpan.FromMinutes(5), WebhookRetrySchedule.NextDelay(2, TimeSpan.FromSeconds(1), 0.5));
        Assert.Equal(TimeSpan.FromHours(24), WebhookRetrySchedule.NextDelay(1, TimeSpan.FromDays(30), 0.5));
    }

    [Fact]
    public void Rejects_arguments_outside_their_range()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => WebhookRetrySchedule.NextDelay(0, null, 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => WebhookRetrySchedule.NextDelay(1, null, 1.0));
    }
}
