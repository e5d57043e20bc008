using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Switchboard.Server.Tests.Infrastructure;

/// <summary>
/// The real <c>switchboard serve</c> as a separate process on a loopback port, for tests that must kill it the way a
/// crash does (SIGKILL) and start it again on the same data.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServerProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>Starts the server and returns once it listens (after its migrations), or fails with its output.</summary>
    public static async Task<ServerProcess> StartAsync(string workingDirectory, int port, IEnumerable<string> args)
    {
        var info = CliRunner.StartInfo(workingDirectory, ["serve", $"--urls=http://127.0.0.1:{port}", .. args]);
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var server = new ServerProcess(process, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, e) => server.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => server.OnLine(e.Data);
        process.Exited += (_, _) => server._started.TrySetException(new InvalidOperationException("The server exited: " + server.Output));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await server._started.Task.WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            await server.DisposeAsync();
            throw new TimeoutException("The server did not start in 60 s: " + server.Output);
        }
        return server;
    }

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    /// <summary>SIGKILL: no shutdown code runs, as in a crash or an OOM kill.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void OnLine(string? line)
    {
        if (line is null) return;
        lock (_output)
        {
            // A long run's log is not kept whole: its latest lines are what a failure needs.
            if (_output.Length > 256 * 1024) _output.Remove(0, 128 * 1024);
            _output.AppendLine(line);
        }
        if (line.Contains("Application started.", StringComparison.Ordinal)) _started.TrySetResult();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited) await KillAsync();
        }
        catch (InvalidOperationException)
        {
            // Never started.
        }
        _process.Dispose();
    }
}
