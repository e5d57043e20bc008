using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests;

/// <summary>The README's first-run path, through the real executable: create a key, serve, call the API.</summary>
public sealed class CliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sb-cli-").FullName;

    [Fact]
    public async Task Create_api_key_prints_the_key_last_and_the_server_accepts_it()
    {
        var (code, stdout, stderr) = await CliRunner.RunAsync(_dir, "admin", "create-api-key", "--org", "default", "--name", "first", "--scopes", "agents:read,agents:write");
        Assert.True(code == 0, stderr);
        var key = stdout.TrimEnd().Split('\n')[^1].Trim();
        Assert.Matches("^sb_live_[0-9A-Za-z]{36}$", key);
        Assert.True(File.Exists(Path.Combine(_dir, "data", "switchboard.db")));
        var pepper = Path.Combine(_dir, "data", "api-key-pepper");
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(pepper));

        // Same organization again: reused, not duplicated.
        var second = await CliRunner.RunAsync(_dir, "admin", "create-api-key", "--org", "default", "--name", "second");
        Assert.Equal(0, second.ExitCode);
        Assert.Contains(stdout.Split(" in organization ")[1].Split('.')[0], second.Stdout, StringComparison.Ordinal);

        var port = FreePort();
        using var server = Process.Start(CliRunner.StartInfo(_dir, $"--urls=http://127.0.0.1:{port}"))!;
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await WaitUntilReadyAsync(http, server);
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
            var response = await http.GetAsync("/api/v1/agents");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync("/api/v1/audit-logs")).StatusCode);
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task Bad_arguments_give_a_clear_error_and_exit_code_2()
    {
        var (code, stdout, stderr) = await CliRunner.RunAsync(_dir, "admin", "create-api-key", "--org", "default", "--name", "x", "--scopes", "agents:fly");
        Assert.Equal(2, code);
        Assert.Contains("Unknown scope(s): agents:fly", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("sb_live_", stdout, StringComparison.Ordinal);

        var missing = await CliRunner.RunAsync(_dir, "admin", "create-api-key", "--name", "x");
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("--org", missing.Stderr + missing.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Db_migrate_creates_the_database()
    {
        var (code, stdout, stderr) = await CliRunner.RunAsync(_dir, "db", "migrate");
        Assert.True(code == 0, stderr);
        Assert.Contains("up to date", stdout, StringComparison.Ordinal);
        var file = Path.Combine(_dir, "data", "switchboard.db");
        Assert.True(File.Exists(file));

        // Write-ahead logging, so the API's reads do not wait for background writers.
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + file);
        await connection.OpenAsync();
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", (string?)await pragma.ExecuteScalarAsync());
    }

    private static async Task WaitUntilReadyAsync(HttpClient http, Process server)
    {
        for (var i = 0; i < 300; i++)
        {
            if (server.HasExited) Assert.Fail("The server exited: " + await server.StandardError.ReadToEndAsync());
            try
            {
                if ((await http.GetAsync("/health/ready")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("The server did not become ready in 30 s.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
