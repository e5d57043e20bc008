using System.Security.Cryptography;
using System.Text;

namespace Switchboard.ControlPlane.ApiKeys;

/// <summary>Finds the pepper: configuration first, else a file generated once in the data directory (mode 0600).</summary>
internal static class PepperSource
{
    public const string FileName = "api-key-pepper";

    public static byte[] Resolve(SwitchboardOptions options)
    {
        if (!string.IsNullOrEmpty(options.ApiKeyPepper))
        {
            if (options.ApiKeyPepper.Length < 32)
                throw new InvalidOperationException("Switchboard:ApiKeyPepper must be at least 32 characters.");
            return Encoding.UTF8.GetBytes(options.ApiKeyPepper);
        }

        Directory.CreateDirectory(options.DataDirectory);
        var path = Path.Combine(options.DataDirectory, FileName);
        if (File.Exists(path))
        {
            var text = File.ReadAllText(path).Trim();
            var bytes = Convert.FromBase64String(text);
            if (bytes.Length < 32) throw new InvalidOperationException($"The pepper in {path} is too short.");
            return bytes;
        }

        var pepper = RandomNumberGenerator.GetBytes(32);
        var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        try
        {
            using var stream = new FileStream(path, fileOptions);
            using var writer = new StreamWriter(stream);
            writer.Write(Convert.ToBase64String(pepper));
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process (a CLI verb next to the server) created it first: use theirs.
            return Resolve(options);
        }
        return pepper;
    }
}
