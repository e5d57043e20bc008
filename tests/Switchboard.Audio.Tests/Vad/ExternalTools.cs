using System.Diagnostics;

namespace Switchboard.Audio.Tests.Vad;

/// <summary>Finds command-line tools the audio tests drive (flite, espeak-ng, sox) and runs them.</summary>
internal static class ExternalTools
{
    public const string RequireVariable = "SWITCHBOARD_TEST_REQUIRE_SERVICES";

    public static bool ServicesRequired =>
        Environment.GetEnvironmentVariable(RequireVariable) == "1";

    public static string? Find(string tool)
    {
        string? path = Environment.GetEnvironmentVariable("PATH");
        if (path is null)
        {
            return null;
        }

        foreach (string dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(dir, tool);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    public static void Run(string tool, params string[] arguments)
    {
        string exe = Find(tool) ?? throw new InvalidOperationException($"'{tool}' is not installed (apt-get install -y {tool}).");
        var info = new ProcessStartInfo(exe)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {tool}.");
        // stdout is discarded as it comes, so neither pipe can fill and stall the tool.
        process.OutputDataReceived += static (_, _) => { };
        process.BeginOutputReadLine();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} {string.Join(' ', arguments)} exited with {process.ExitCode}: {stderr}");
        }
    }
}
