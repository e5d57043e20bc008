using Switchboard.ControlPlane.Calls;
using Switchboard.Realtime.Sessions.Events;

namespace Switchboard.ControlPlane.Tests.Calls;

public sealed class FunctionToolFailureTests
{
    [Theory]
    [InlineData("""{"error":"timeout","message":"The function did not finish within its timeout of 500 ms."}""", "timeout", "The function did not finish within its timeout of 500 ms.")]
    [InlineData("""{"error":"provider_failed","message":"HTTP 503","problems":null}""", "provider_failed", "HTTP 503")]
    [InlineData("""{"error":"execution_failed"}""", "execution_failed", "")]
    public void A_structured_function_error_is_read(string result, string code, string message)
    {
        Assert.True(FunctionToolFailure.TryRead(Called(result, isError: true), out var readCode, out var readMessage));
        Assert.Equal(code, readCode);
        Assert.Equal(message, readMessage);
    }

    [Theory]
    [InlineData("The call ended before the tool finished.", true)]
    [InlineData("Unknown tool 'x'.", true)]
    [InlineData("{not json", true)]
    [InlineData("""{"message":"no code"}""", true)]
    [InlineData("""{"error":42}""", true)]
    [InlineData("""{"error":""}""", true)]
    [InlineData("""["error"]""", true)]
    [InlineData("", true)]
    [InlineData(null, true)]
    [InlineData("""{"error":"timeout","message":"but the call succeeded"}""", false)]
    public void Anything_else_is_not_a_function_failure(string? result, bool isError)
    {
        Assert.False(FunctionToolFailure.TryRead(Called(result, isError), out _, out _));
    }

    [Theory]
    [InlineData("invalid_arguments", false)]
    [InlineData("invalid_filter", false)]
    [InlineData("calculation_error", false)]
    [InlineData("timeout", true)]
    [InlineData("provider_not_configured", true)]
    [InlineData("provider_failed", true)]
    [InlineData("result_too_large", true)]
    [InlineData("table_not_found", true)]
    [InlineData("function_not_found", true)]
    [InlineData("execution_failed", true)]
    public void Only_failures_the_model_cannot_fix_are_reported(string code, bool reportable)
    {
        Assert.Equal(reportable, FunctionToolFailure.IsReportable(code));
    }

    [Fact]
    public void A_null_event_is_refused()
    {
        Assert.Throws<ArgumentNullException>(() => FunctionToolFailure.TryRead(null!, out _, out _));
    }

    private static ToolCalled Called(string? result, bool isError) =>
        new("call_1", DateTimeOffset.UnixEpoch, TimeSpan.Zero, "call_1:t1", "book_slot", "{}", result, isError, TimeSpan.FromMilliseconds(5));
}
