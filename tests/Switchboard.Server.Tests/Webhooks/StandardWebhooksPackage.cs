using System.Diagnostics;
using System.Text.Json;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Webhooks;

/// <summary>
/// The reference <c>standardwebhooks</c> npm package, installed once per test run into a temp folder and driven
/// through <c>node</c>, so deliveries are checked by the implementation receivers actually use.
/// </summary>
internal static class StandardWebhooksPackage
{
    private const string Script = """
        const { Webhook } = require("standardwebhooks");
        let input = "";
        process.stdin.on("data", d => input += d);
        process.stdin.on("end", () => {
          const { secret, headers, body } = JSON.parse(input);
          try { new Webhook(secret).verify(body, headers); console.log("verified"); }
          catch (e) { console.log("rejected: " + e.message); }
        });
        """;

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? _folder;

    /// <summary>Null (with the reason) when node or npm is missing and services are not required.</summary>
    public static async Task<(string? Folder, string? Missing)> EnsureAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_folder is not null) return (_folder, null);
            var folder = Path.Combine(Path.GetTempPath(), "switchboard-standardwebhooks-" + Environment.ProcessId);
            Directory.CreateDirectory(folder);
            var (code, output) = await RunAsync("npm", folder, null, "install", "--no-audit", "--no-fund", "--silent", "standardwebhooks@1");
            if (code != 0)
            {
                var missing = $"npm install standardwebhooks failed ({code}): {output}";
                if (TestEnvironment.RequireServices) throw new InvalidOperationException(missing);
                return (null, missing);
            }
            await File.WriteAllTextAsync(Path.Combine(folder, "verify.js"), Script);
            _folder = folder;
            return (folder, null);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            if (TestEnvironment.RequireServices) throw new InvalidOperationException("node/npm are required: " + ex.Message, ex);
            return (null, "node/npm not installed: " + ex.Message);
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>"verified" or "rejected: …", as the reference implementation decides.</summary>
    public static async Task<string> VerifyAsync(string folder, string secret, ReceivedWebhook request)
    {
        var input = JsonSerializer.Serialize(new
        {
            secret,
            headers = new Dictionary<string, string>
            {
                ["webhook-id"] = request.Headers["webhook-id"],
                ["webhook-timestamp"] = request.Headers["webhook-timestamp"],
                ["webhook-signature"] = request.Headers["webhook-signature"],
            },
            body = request.Body,
        });
        var (code, output) = await RunAsync("node", folder, input, "verify.js");
        Assert.True(code == 0, output);
        return output.Trim();
    }

    private static async Task<(int Code, string Output)> RunAsync(string file, string folder, string? stdin, params string[] args)
    {
        var info = new ProcessStartInfo(file)
        {
            WorkingDirectory = folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        if (stdin is not null) await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
