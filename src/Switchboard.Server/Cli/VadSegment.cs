namespace Switchboard.Server.Cli;

internal sealed record VadSegment(long StartMs, long EndMs);
