using System.Diagnostics;

namespace Switchboard.Audio.Tests.Wav;

/// <summary>Runs the real <c>sox</c> binary; the G.711 and WAV tests compare our output with it.</summary>
internal static class SoxRunner
{
    public const string RequireServicesVariable = "SWITCHBOARD_TEST_REQUIRE_SERVICES";

    private static readonly Lazy<bool> Available = new(Probe);

    public static bool IsAvailable => Available.Value;

    public static bool IsRequired => Environment.GetEnvironmentVariable(RequireServicesVariable) == "1";

    /// <summary>
    /// Runs sox with the given arguments, fails the test with sox's stderr if it does not exit 0, and returns what
    /// sox wrote to stdout.
    /// </summary>
    public static byte[] Run(params string[] arguments)
    {
        if (!IsAvailable)
        {
            Assert.Fail($"sox is not installed (apt-get install -y sox); it is required because {RequireServicesVariable}=1.");
        }

        var start = new ProcessStartInfo("sox")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException("Could not start sox.");
        using var stdout = new MemoryStream();
        Task copy = process.StandardOutput.BaseStream.CopyToAsync(stdout);
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        copy.GetAwaiter().GetResult();
        Assert.True(process.ExitCode == 0, $"sox {string.Join(' ', arguments)} failed with exit code {process.ExitCode}: {stderr}");
        return stdout.ToArray();
    }

    private static bool Probe()
    {
        try
        {
            var start = new ProcessStartInfo("sox", "--version")
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            using Process? process = Process.Start(start);
            if (process is null)
            {
                return false;
            }

            process.StandardOutput.ReadToEnd();
            process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
