using Switchboard.Server.Cli;

return await RootCommandFactory.Create().Parse(args).InvokeAsync();

/// <summary>The entry point; public so the integration tests can host it.</summary>
public partial class Program;
