namespace Switchboard.Sip.Messages;

/// <summary>
/// One <c>name[=value]</c> parameter of a URI or a header field value. <see cref="Value"/> is <see langword="null"/>
/// for a flag parameter such as <c>;lr</c>. Header parameter values keep their quotes when they were quoted on the
/// wire; URI parameter values are %-decoded. Immutable; safe to share between threads.
/// </summary>
/// <param name="Name">The parameter name as received (compare case-insensitively).</param>
/// <param name="Value">The value, or <see langword="null"/> for a flag parameter.</param>
public readonly record struct SipParameter(string Name, string? Value);
