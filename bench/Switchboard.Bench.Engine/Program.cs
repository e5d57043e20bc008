using Switchboard.Bench.Engine;
using Switchboard.Bench.Engine.Functions;
using Switchboard.Bench.Engine.Sip;

// As the server runs (src/Switchboard.Server/Program.cs): no full blocking collections unless memory runs short.
System.Runtime.GCSettings.LatencyMode = System.Runtime.GCLatencyMode.SustainedLowLatency;
var parsed = new BenchArgs(args);
if (parsed.Mode is not ("overhead" or "latency" or "bargein" or "memory" or "load" or "sip-latency" or "sip-load" or "functions" or "stt"))
{
    Console.Error.WriteLine("usage: Switchboard.Bench.Engine overhead|latency|bargein|memory|load|sip-latency|sip-load|functions|stt [--turns N] [--calls N] [--seconds N] [--vad silero|energy] [--levels 1,5,10] [--baseline-turns N] [--pool N]");
    return 2;
}
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, " +
    $".NET {Environment.Version}, load average {File.ReadAllText("/proc/loadavg").Trim()}");
if (parsed.Mode == "functions")
{
    // Needs no speech providers: the function path only.
    await FunctionOverheadRun.RunAsync(parsed);
    Console.WriteLine($"load average after: {File.ReadAllText("/proc/loadavg").Trim()}");
    return 0;
}
using var shared = await Shared.CreateAsync();
switch (parsed.Mode)
{
    case "overhead": await OverheadRun.RunAsync(shared, parsed); break;
    case "latency": await LatencyRun.RunAsync(shared, parsed); break;
    case "bargein": await BargeInRun.RunAsync(shared, parsed); break;
    case "memory": await MemoryRun.RunAsync(shared, parsed); break;
    case "stt": await SttFinalRun.RunAsync(shared, parsed); break;
    case "sip-latency": await SipLatencyRun.RunAsync(shared, parsed); break;
    case "sip-load": await SipLoadRun.RunAsync(shared, parsed); break;
    default: await LoadRun.RunAsync(shared, parsed); break;
}
Console.WriteLine($"load average after: {File.ReadAllText("/proc/loadavg").Trim()}");
return 0;
