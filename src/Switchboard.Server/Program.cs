using System.Runtime;
using Switchboard.Server.Cli;

// Calls are real-time: no full blocking collection unless memory runs short. Gen2 is collected in the background
// instead; a full blocking one (a compacting gen2) stopped every call's media for 21-45 ms in the engine load runs.
GCSettings.LatencyMode = GCLatencyMode.SustainedLowLatency;
return await RootCommandFactory.Create().Parse(args).InvokeAsync();

/// <summary>The entry point; public so the integration tests can host it.</summary>
public partial class Program;
