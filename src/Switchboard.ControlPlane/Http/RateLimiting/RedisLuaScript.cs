using System.Security.Cryptography;
using System.Text;
using StackExchange.Redis;

namespace Switchboard.ControlPlane.Http.RateLimiting;

/// <summary>
/// A Lua script run with EVALSHA, falling back to EVAL when the server answers NOSCRIPT (after a restart,
/// a failover or SCRIPT FLUSH), so the common case sends only the 40-byte digest.
/// </summary>
/// <remarks>Immutable and thread-safe; keep one instance per script text.</remarks>
internal sealed class RedisLuaScript
{
    private readonly string _source;
    private readonly byte[] _sha1;

    /// <summary>Creates the script and computes its digest.</summary>
    public RedisLuaScript(string source)
    {
        ArgumentException.ThrowIfNullOrEmpty(source);
        _source = source;
#pragma warning disable CA5350 // Redis names scripts by SHA-1; this is an identifier, not a security control.
        _sha1 = SHA1.HashData(Encoding.UTF8.GetBytes(source));
#pragma warning restore CA5350
    }

    /// <summary>Hex digest as Redis reports it (for tests and diagnostics).</summary>
    public string Sha1Hex => Convert.ToHexStringLower(_sha1);

    /// <summary>Runs the script in one round trip (two only when the server has forgotten it).</summary>
    public async Task<RedisResult> EvaluateAsync(IDatabaseAsync database, RedisKey[] keys, RedisValue[] values)
    {
        try
        {
            return await database.ScriptEvaluateAsync(_sha1, keys, values);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal))
        {
            return await database.ScriptEvaluateAsync(_source, keys, values);
        }
    }
}
