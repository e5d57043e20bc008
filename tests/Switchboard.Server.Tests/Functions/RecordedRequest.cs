namespace Switchboard.Server.Tests.Functions;

/// <summary>One request the <see cref="FunctionReceiver"/> got, exactly as it arrived (headers lower-cased).</summary>
internal sealed record RecordedRequest(string Method, string RawTarget, string Path, string Query, IReadOnlyDictionary<string, string> Headers, string Body);
