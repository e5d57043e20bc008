using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Switchboard.ControlPlane.Common;

namespace Switchboard.ControlPlane.WebCalls;

/// <summary>
/// Issues and redeems the access tokens of web calls: HS256 JWTs with <c>sub</c> = call id, <c>org</c>, <c>jti</c> and
/// <c>exp</c>. A token opens its call's stream once: its <c>jti</c> is remembered until it expires.
/// </summary>
/// <remarks>
/// Thread-safe singleton. Expiry is checked against <see cref="TimeProvider"/> (not the library's clock) so tests run on
/// virtual time. Used tokens are remembered in this process only; behind a load balancer a second connect reaching
/// another node is still refused because the call has left the <c>registered</c> state by then.
/// </remarks>
internal sealed class WebCallTokens
{
    private const string Issuer = "switchboard";
    private const string Audience = "switchboard:web-call";

    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly SigningCredentials _credentials;
    private readonly TokenValidationParameters _validation;
    private readonly TimeSpan _lifetime;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _used = new(StringComparer.Ordinal);
    private long _nextSweepTicks;

    public WebCallTokens(byte[] key, IOptions<WebCallOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length < 32) throw new ArgumentException("The signing key must be at least 32 bytes.", nameof(key));
        var securityKey = new SymmetricSecurityKey(key);
        _credentials = new SigningCredentials(securityKey, SecurityAlgorithms.HmacSha256);
        _validation = new TokenValidationParameters
        {
            IssuerSigningKey = securityKey,
            ValidIssuer = Issuer,
            ValidAudience = Audience,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ValidateLifetime = false, // checked below on our TimeProvider
            RequireExpirationTime = true,
        };
        _lifetime = TimeSpan.FromSeconds(options.Value.WebTokenLifetimeSeconds);
        _time = time;
    }

    /// <summary>A token that opens <paramref name="callId"/>'s stream once, within the configured lifetime.</summary>
    public WebCallToken Issue(string callId, string organizationId)
    {
        ArgumentException.ThrowIfNullOrEmpty(callId);
        ArgumentException.ThrowIfNullOrEmpty(organizationId);
        var now = _time.GetUtcNow();
        // Whole seconds: exp is in seconds, and the response should state exactly when the token stops working.
        var expires = DateTimeOffset.FromUnixTimeSeconds((now + _lifetime).ToUnixTimeSeconds());
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            SigningCredentials = _credentials,
            Claims = new Dictionary<string, object>(StringComparer.Ordinal)
            {
                [JwtRegisteredClaimNames.Sub] = callId,
                ["org"] = organizationId,
                [JwtRegisteredClaimNames.Jti] = Base62.Random(22),
                [JwtRegisteredClaimNames.Iat] = now.ToUnixTimeSeconds(),
                [JwtRegisteredClaimNames.Exp] = expires.ToUnixTimeSeconds(),
            },
        });
        return new WebCallToken(token, expires);
    }

    /// <summary>
    /// Checks <paramref name="token"/> for <paramref name="callId"/> without using it up: signature, expiry, call, and
    /// whether it was used already.
    /// </summary>
    public async Task<WebCallTokenCheck> CheckAsync(string? token, string callId)
    {
        if (string.IsNullOrEmpty(token)) return WebCallTokenCheck.Refused("The access_token query parameter is required.");
        if (token.Length > 4096) return WebCallTokenCheck.Refused("The access token is not valid.");
        var result = await _handler.ValidateTokenAsync(token, _validation).ConfigureAwait(false);
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt) return WebCallTokenCheck.Refused("The access token is not valid.");
        var now = _time.GetUtcNow();
        if (!jwt.TryGetPayloadValue<long>(JwtRegisteredClaimNames.Exp, out var exp) || DateTimeOffset.FromUnixTimeSeconds(exp) <= now)
            return WebCallTokenCheck.Refused("The access token has expired; create a new web call.");
        if (!jwt.TryGetPayloadValue<string>(JwtRegisteredClaimNames.Sub, out var subject) || subject != callId)
            return WebCallTokenCheck.Refused("The access token belongs to another call.");
        if (!jwt.TryGetPayloadValue<string>("org", out var organization) || string.IsNullOrEmpty(organization)
            || !jwt.TryGetPayloadValue<string>(JwtRegisteredClaimNames.Jti, out var jti) || string.IsNullOrEmpty(jti))
            return WebCallTokenCheck.Refused("The access token is not valid.");
        if (_used.ContainsKey(jti)) return WebCallTokenCheck.Refused(UsedMessage);
        return new WebCallTokenCheck(organization, jti, DateTimeOffset.FromUnixTimeSeconds(exp), null);
    }

    /// <summary>Uses up a checked token; false when another connection used it first.</summary>
    public bool TryConsume(WebCallTokenCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        if (!check.IsValid) throw new ArgumentException("Only a valid token can be used.", nameof(check));
        Sweep(_time.GetUtcNow());
        return _used.TryAdd(check.TokenId!, check.ExpiresAt);
    }

    /// <summary>The refusal for a token that was used already.</summary>
    public const string UsedMessage = "The access token has already been used; create a new web call.";

    /// <summary>Forgets used tokens once they expired anyway; at most once a minute.</summary>
    private void Sweep(DateTimeOffset now)
    {
        var next = Interlocked.Read(ref _nextSweepTicks);
        if (now.UtcTicks < next || Interlocked.CompareExchange(ref _nextSweepTicks, now.UtcTicks + TimeSpan.TicksPerMinute, next) != next) return;
        foreach (var (jti, expires) in _used)
        {
            if (expires <= now) _used.TryRemove(jti, out _);
        }
    }
}
