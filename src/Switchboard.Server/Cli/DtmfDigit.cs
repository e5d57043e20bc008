namespace Switchboard.Server.Cli;

internal sealed record DtmfDigit(string Digit, long StartMs, long DurationMs);
