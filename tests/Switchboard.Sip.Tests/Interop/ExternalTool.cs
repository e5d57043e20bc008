using System.Diagnostics;
using System.Globalization;
using System.Text;
using Xunit.Abstractions;

namespace Switchboard.Sip.Tests.Interop;

/// <summary>
/// One external peer (SIPp, sipsak, svwar, baresip) run by an interop test. It runs under timeout(1), so even a
/// crashed test host cannot leave it running past its limit; its stdin is closed at once (no tool may wait on the
/// terminal); stdout and stderr are captured; disposal kills the whole process tree if it is still running, so every
/// path out of a test — assertion, timeout, exception — ends it.
/// </summary>
internal sealed class ExternalTool : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly TimeSpan _limit;

    private ExternalTool(Process process, TimeSpan limit)
    {
        _process = process;
        _limit = limit;
    }

    public string StandardOutput
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToString();
            }
        }
    }

    public string StandardError
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Completes when the process has exited (whatever the reason); lets a test stop waiting for a peer that died.</summary>
    public Task Exited => _process.WaitForExitAsync();

    /// <summary>The full path of <paramref name="name"/> on PATH, or null.</summary>
    public static string? Find(string name)
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            string candidate = Path.Combine(dir, name);
            if (dir.Length > 0 && File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>
    /// True when <paramref name="name"/> is installed. When it is not: fails the test if SWITCHBOARD_TEST_REQUIRE_SERVICES=1,
    /// otherwise writes why the test does nothing and returns false.
    /// </summary>
    public static bool Available(string name, string debianPackage, ITestOutputHelper output)
    {
        if (Find(name) is not null)
        {
            return true;
        }

        Assert.False(
            Environment.GetEnvironmentVariable("SWITCHBOARD_TEST_REQUIRE_SERVICES") == "1",
            $"{name} (Debian package {debianPackage}) is required but not installed");
        output.WriteLine($"SKIPPED: {name} not installed (apt-get install -y {debianPackage}).");
        return false;
    }

    /// <summary>Starts <paramref name="program"/> under timeout(1) with <paramref name="limit"/>.</summary>
    public static ExternalTool Start(string program, IEnumerable<string> arguments, TimeSpan limit, string? workingDirectory = null)
    {
        var psi = new ProcessStartInfo("timeout")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? string.Empty,
        };
        psi.ArgumentList.Add("--kill-after=5");
        psi.ArgumentList.Add(((int)Math.Ceiling(limit.TotalSeconds)).ToString(CultureInfo.InvariantCulture) + "s");
        psi.ArgumentList.Add(program);
        foreach (string argument in arguments)
        {
            psi.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = psi };
        var tool = new ExternalTool(process, limit);
        process.OutputDataReceived += (_, e) => Append(tool._stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Append(tool._stderr, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.StandardInput.Close();
        return tool;
    }

    /// <summary>Waits for the exit (bounded by the limit plus a margin) and all output; returns the exit code (124: timed out).</summary>
    public async Task<int> WaitForExitAsync()
    {
        using var guard = new CancellationTokenSource(_limit + TimeSpan.FromSeconds(15));
        try
        {
            await _process.WaitForExitAsync(guard.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            Assert.Fail($"{_process.StartInfo.ArgumentList[2]} outlived its limit and was killed.\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}");
        }

        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        try
        {
            using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(guard.Token);
        }
        catch (OperationCanceledException)
        {
            // Killed with SIGKILL already; nothing more can be done from here.
        }

        _process.Dispose();
    }

    private static void Append(StringBuilder target, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (target)
        {
            target.AppendLine(line);
        }
    }

    private void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }
    }
}
