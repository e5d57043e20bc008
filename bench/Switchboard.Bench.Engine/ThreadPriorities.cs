using System.Globalization;

namespace Switchboard.Bench.Engine;

/// <summary>
/// The process's threads grouped by nice value (Linux, /proc/self/task): a thread created by a lowered-priority thread
/// (flite's workers) inherits its nice value, so this shows whether the media loops' thread-pool threads kept theirs.
/// </summary>
internal static class ThreadPriorities
{
    public static string Summary()
    {
        if (!Directory.Exists("/proc/self/task")) return "not available";
        var byNice = new SortedDictionary<int, List<string>>();
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(task, "stat"));
            }
            catch (IOException)
            {
                continue; // the thread ended meanwhile
            }
            var open = stat.IndexOf('(', StringComparison.Ordinal);
            var close = stat.LastIndexOf(')');
            var name = stat[(open + 1)..close];
            var nice = int.Parse(stat[(close + 2)..].Split(' ')[16], CultureInfo.InvariantCulture);
            if (!byNice.TryGetValue(nice, out var names)) byNice[nice] = names = [];
            names.Add(name);
        }
        return string.Join("; ", byNice.Select(g => $"nice {g.Key}: {g.Value.Count} ({string.Join(", ", g.Value.GroupBy(n => n).Select(n => n.Count() > 1 ? $"{n.Key} x{n.Count()}" : n.Key))})"));
    }
}
