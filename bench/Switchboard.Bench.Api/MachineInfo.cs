using System.Runtime.InteropServices;

namespace Switchboard.Bench.Api;

/// <summary>What the figures were measured on; load average is read before and after because the machine is shared.</summary>
internal sealed record MachineInfo(int Cores, string CpuModel, string Os, string Runtime, string LoadAverage)
{
    public static MachineInfo Capture() =>
        new(Environment.ProcessorCount, ReadCpuModel(), RuntimeInformation.OSDescription, RuntimeInformation.FrameworkDescription, LoadAverageNow());

    public static string LoadAverageNow()
    {
        try
        {
            var parts = File.ReadAllText("/proc/loadavg").Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return parts.Length >= 3 ? $"{parts[0]} {parts[1]} {parts[2]}" : "unknown";
        }
        catch (IOException) { return "unknown"; }
        catch (UnauthorizedAccessException) { return "unknown"; }
    }

    private static string ReadCpuModel()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/cpuinfo"))
            {
                if (line.StartsWith("model name", StringComparison.Ordinal) && line.IndexOf(':') is var colon and > 0)
                    return line[(colon + 1)..].Trim();
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return RuntimeInformation.ProcessArchitecture.ToString();
    }
}
