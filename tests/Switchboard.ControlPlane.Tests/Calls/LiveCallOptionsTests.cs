using Switchboard.ControlPlane.LiveCalls;

namespace Switchboard.ControlPlane.Tests.Calls;

public sealed class LiveCallOptionsTests
{
    [Fact]
    public void The_defaults_are_valid_and_each_bad_setting_is_named()
    {
        new LiveCallOptions().Validate();
        new LiveCallOptions { FliteSentenceCacheMegabytes = 0 }.Validate(); // off is allowed

        Assert.Contains("Calls:FliteSentenceCacheMegabytes", Assert.Throws<InvalidOperationException>(() => new LiveCallOptions { FliteSentenceCacheMegabytes = -1 }.Validate()).Message);
        Assert.Contains("Calls:RecognizerPoolSize", Assert.Throws<InvalidOperationException>(() => new LiveCallOptions { RecognizerPoolSize = 0 }.Validate()).Message);
        Assert.Contains("Calls:MaxConcurrentCalls", Assert.Throws<InvalidOperationException>(() => new LiveCallOptions { MaxConcurrentCalls = 0 }.Validate()).Message);
    }
}
