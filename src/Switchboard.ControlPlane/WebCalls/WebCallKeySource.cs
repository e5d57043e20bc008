using System.Security.Cryptography;
using System.Text;

namespace Switchboard.ControlPlane.WebCalls;

/// <summary>
/// Finds the key that signs web call tokens: configuration first, else a random key generated once into the data
/// directory (mode 0600), as the API key pepper is.
/// </summary>
internal static class WebCallKeySource
{
    public const string FileName = "web-call-token-key";

    public static byte[] Resolve(WebCallOptions options, SwitchboardOptions server)
    {
        if (!string.IsNullOrEmpty(options.WebTokenSigningKey))
        {
            if (options.WebTokenSigningKey.Length < 32)
                throw new InvalidOperationException("Calls:WebTokenSigningKey must be at least 32 characters.");
            return Encoding.UTF8.GetBytes(options.WebTokenSigningKey);
        }

        Directory.CreateDirectory(server.DataDirectory);
        var path = Path.Combine(server.DataDirectory, FileName);
        if (File.Exists(path))
        {
            var bytes = Convert.FromBase64String(File.ReadAllText(path).Trim());
            if (bytes.Length < 32) throw new InvalidOperationException($"The web call token key in {path} is too short.");
            return bytes;
        }

        var key = RandomNumberGenerator.GetBytes(32);
        var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        try
        {
            using var stream = new FileStream(path, fileOptions);
            using var writer = new StreamWriter(stream);
            writer.Write(Convert.ToBase64String(key));
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created it first: use theirs.
            return Resolve(options, server);
        }
        return key;
    }
}
