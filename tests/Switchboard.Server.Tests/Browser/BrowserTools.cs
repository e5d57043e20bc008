namespace Switchboard.Server.Tests.Browser;

/// <summary>Where the browser test's tools live: Debian's chromium, node, and tests/browser with its npm packages.</summary>
internal static class BrowserTools
{
    public const string Chromium = "/usr/bin/chromium";

    /// <summary>The repository's tests/browser folder (found by walking up to Switchboard.slnx).</summary>
    public static string ScriptDirectory
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Switchboard.slnx"))) return Path.Combine(dir.FullName, "tests", "browser");
            }
            throw new InvalidOperationException("Switchboard.slnx not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>What is missing to run the browser test, or null when everything is there.</summary>
    public static string? Missing()
    {
        var missing = new List<string>();
        if (!File.Exists(Chromium)) missing.Add("chromium (apt-get install -y chromium)");
        if (Node() is null) missing.Add("node 20 or later");
        if (!Directory.Exists(Path.Combine(ScriptDirectory, "node_modules", "playwright-core"))) missing.Add("playwright-core (npm ci --prefix tests/browser)");
        return missing.Count == 0 ? null : "Missing " + string.Join(", ", missing) + ".";
    }

    public static string? Node()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, "node");
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
