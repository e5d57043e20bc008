using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Switchboard.ControlPlane.Data;
using Switchboard.ControlPlane.PhoneNumbers;
using Switchboard.Sip.Registration;
using Switchboard.Sip.Transport;
using Switchboard.Sip.Uris;

namespace Switchboard.ControlPlane.Telephony;

/// <summary>
/// Keeps this server registered to every trunk that asks for it (<c>register: true</c>), so carriers deliver inbound
/// calls here: every <see cref="SipGatewayOptions.TrunkSyncSeconds"/> it reconciles one <see cref="SipRegistrationClient"/>
/// per such trunk with the database (new trunks start, changed ones restart, removed ones and all at shutdown remove
/// their binding with a REGISTER of Expires: 0).
/// </summary>
/// <remarks>Thread-safe singleton. Registered after the gateway, so it stops first, while the SIP stack is still up.</remarks>
internal sealed partial class TrunkRegistrations(
    SipGateway gateway,
    IServiceScopeFactory scopes,
    SecretProtector secrets,
    IOptions<SipGatewayOptions> options,
    ILogger<TrunkRegistrations> logger,
    TimeProvider time) : BackgroundService
{
    private readonly ConcurrentDictionary<string, Registration> _registrations = new(StringComparer.Ordinal);

    /// <summary>The registration state of <paramref name="trunkId"/>, or null when this server does not register it.</summary>
    public SipRegistrationStatus? StatusOf(string trunkId) => _registrations.TryGetValue(trunkId, out var r) ? r.Client.Status : null;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled) return;
        var interval = TimeSpan.FromSeconds(options.Value.TrunkSyncSeconds);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await SyncAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is DbUpdateException or InvalidOperationException or ArgumentException)
                {
                    LogSyncFailed(logger, e);
                }
                await Task.Delay(interval, time, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        foreach (var id in _registrations.Keys) await RemoveAsync(id).ConfigureAwait(false);
    }

    private async Task SyncAsync(CancellationToken cancellationToken)
    {
        if (gateway.Layer is not { } layer || gateway.Contact is not { } contact) return;
        List<SipTrunk> trunks;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SwitchboardDbContext>();
            trunks = await db.SipTrunks.IgnoreQueryFilters().AsNoTracking().Where(t => t.Register).ToListAsync(cancellationToken).ConfigureAwait(false);
        }

        foreach (var trunk in trunks)
        {
            var fingerprint = string.Join('\n', trunk.Address, trunk.Transport, trunk.Username, trunk.PasswordProtected, trunk.RegisterExpiresSeconds);
            if (_registrations.TryGetValue(trunk.Id, out var current) && current.Fingerprint == fingerprint) continue;
            await RemoveAsync(trunk.Id).ConfigureAwait(false);
            var (host, port) = TrunkAddress.Split(trunk.Address);
            var address = await TrunkAddress.ResolveAsync(host, cancellationToken).ConfigureAwait(false);
            if (address is null)
            {
                LogUnresolved(logger, trunk.Id, host);
                continue;
            }
            var user = trunk.Username ?? "switchboard";
            var client = new SipRegistrationClient(layer, new SipRegistrationOptions
            {
                Registrar = new SipUri("sip", null, host, port),
                Destination = new SipEndPoint(address, port ?? 5060),
                AddressOfRecord = new SipUri("sip", user, host, port),
                Contact = new SipUri("sip", user, contact.Host, contact.Port),
                Username = trunk.Username,
                Password = trunk.PasswordProtected is null ? string.Empty : secrets.Unprotect(trunk.PasswordProtected),
                Expires = TimeSpan.FromSeconds(trunk.RegisterExpiresSeconds > 0 ? trunk.RegisterExpiresSeconds : 3600),
                Transport = trunk.Transport == "tcp" ? SipTransportKind.Tcp : SipTransportKind.Udp,
            }, time);
            _registrations[trunk.Id] = new Registration(fingerprint, client);
            client.Start();
            LogRegistering(logger, trunk.Id, trunk.Address);
        }

        var wanted = trunks.Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var id in _registrations.Keys.Where(id => !wanted.Contains(id)).ToList()) await RemoveAsync(id).ConfigureAwait(false);
    }

    /// <summary>Removes our binding at the trunk (REGISTER Expires: 0), waiting at most <see cref="UnregisterWait"/> for its answer.</summary>
    private async Task RemoveAsync(string trunkId)
    {
        if (!_registrations.TryRemove(trunkId, out var old)) return;
        using var wait = new CancellationTokenSource(UnregisterWait, time);
        var status = await old.Client.UnregisterAsync(wait.Token).ConfigureAwait(false);
        LogUnregistered(logger, trunkId, status);
    }

    private static readonly TimeSpan UnregisterWait = TimeSpan.FromSeconds(2);

    private sealed record Registration(string Fingerprint, SipRegistrationClient Client);

    [LoggerMessage(Level = LogLevel.Information, Message = "Registering to trunk {TrunkId} at {Address}.")]
    private static partial void LogRegistering(ILogger logger, string trunkId, string address);

    [LoggerMessage(Level = LogLevel.Information, Message = "Unregistered from trunk {TrunkId} (registrar answered {Status}; none: there was no binding or no answer).")]
    private static partial void LogUnregistered(ILogger logger, string trunkId, int? status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Trunk {TrunkId}: host {Host} does not resolve; not registering.")]
    private static partial void LogUnresolved(ILogger logger, string trunkId, string host);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reconciling trunk registrations failed; retrying at the next interval.")]
    private static partial void LogSyncFailed(ILogger logger, Exception exception);
}
