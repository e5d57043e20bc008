using System.Diagnostics;

namespace Switchboard.Server.Tests.Infrastructure;

/// <summary>Runs the real <c>switchboard</c> executable (the built assembly) as a separate process.</summary>
internal static class CliRunner
{
    public static string AssemblyPath => Path.Combine(AppContext.BaseDirectory, "switchboard.dll");

    public static ProcessStartInfo StartInfo(string workingDirectory, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(AssemblyPath);
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment.Remove("ConnectionStrings__Switchboard");
        return info;
    }

    public static Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string workingDirectory, params string[] args) =>
        RunWithInputAsync(workingDirectory, null, args);

    /// <summary>Runs the executable with <paramref name="stdin"/> piped in (then closed), as a script or CI job would.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunWithInputAsync(string workingDirectory, string? stdin, params string[] args)
    {
        var info = StartInfo(workingDirectory, args);
        info.RedirectStandardInput = stdin is not null;
        using var process = Process.Start(info)!;
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
        }
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"switchboard {string.Join(' ', args)} did not finish in 120 s.");
        }
        return (process.ExitCode, await stdout, await stderr);
    }
}
