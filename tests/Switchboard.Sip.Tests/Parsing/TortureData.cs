namespace Switchboard.Sip.Tests.Parsing;

/// <summary>Locates the read-only RFC 4475 messages in /work/shared/testdata (../shared from the repository root).</summary>
internal static class TortureData
{
    private static readonly Lazy<string> Directory_ = new(Locate);

    public static string Directory => Directory_.Value;

    public static byte[] Read(string file) => File.ReadAllBytes(Path.Combine(Directory, file));

    public static IReadOnlyList<string> AllFiles() =>
        System.IO.Directory.GetFiles(Directory, "*.dat").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList()!;

    private static string Locate()
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "Switchboard.slnx")))
            {
                string dir = Path.GetFullPath(Path.Combine(d.FullName, "..", "shared", "testdata", "sip", "rfc4475"));
                return System.IO.Directory.Exists(dir) ? dir : throw new DirectoryNotFoundException($"RFC 4475 test data not found at {dir}");
            }
        }

        throw new DirectoryNotFoundException("Switchboard.slnx not found above " + AppContext.BaseDirectory);
    }
}
