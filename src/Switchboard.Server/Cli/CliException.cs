namespace Switchboard.Server.Cli;

/// <summary>A user error a verb reports as one line on stderr with exit code 2.</summary>
internal sealed class CliException(string message) : Exception(message);
