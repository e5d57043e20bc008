using Microsoft.EntityFrameworkCore;
using Switchboard.ControlPlane.Data;
using Switchboard.ControlPlane.PhoneNumbers;

namespace Switchboard.ControlPlane.Secrets;

/// <summary>
/// Reads the plaintext of an organization's secrets for the code that must send them (HTTP functions). The
/// scope's tenant filter applies, so only the current organization's secrets are ever found.
/// Scoped (it uses the scope's database context); not thread-safe.
/// </summary>
internal sealed class SecretStore(SwitchboardDbContext db, SecretProtector protector)
{
    /// <summary>The values of the named secrets that exist; names that do not exist are absent from the result.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="names"/> is null.</exception>
    /// <exception cref="InvalidOperationException">A stored value cannot be decrypted (the key ring was lost).</exception>
    public async Task<IReadOnlyDictionary<string, string>> ResolveAsync(IReadOnlyCollection<string> names, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(names);
        if (names.Count == 0) return new Dictionary<string, string>(StringComparer.Ordinal);
        var wanted = names.Distinct(StringComparer.Ordinal).ToList();
        var rows = await db.OrganizationSecrets.AsNoTracking()
            .Where(s => wanted.Contains(s.Name))
            .Select(s => new { s.Name, s.ProtectedValue })
            .ToListAsync(ct);
        return rows.ToDictionary(r => r.Name, r => protector.Unprotect(r.ProtectedValue), StringComparer.Ordinal);
    }

    /// <summary>Which of <paramref name="names"/> the organization has no secret for, in the order given.</summary>
    public async Task<IReadOnlyList<string>> MissingAsync(IReadOnlyCollection<string> names, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(names);
        if (names.Count == 0) return [];
        var wanted = names.Distinct(StringComparer.Ordinal).ToList();
        var found = await db.OrganizationSecrets.AsNoTracking().Where(s => wanted.Contains(s.Name)).Select(s => s.Name).ToListAsync(ct);
        return [.. wanted.Where(n => !found.Contains(n, StringComparer.Ordinal))];
    }
}
