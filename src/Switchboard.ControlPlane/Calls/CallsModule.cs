using Microsoft.Extensions.Configuration;
using Switchboard.Realtime.Sessions;
using Switchboard.Realtime.Tools;

namespace Switchboard.ControlPlane.Calls;

/// <summary>Registers call recording, the tool call journal and the <c>/calls</c> routes.</summary>
internal static class CallsModule
{
    /// <summary>
    /// <see cref="CallRecorder"/> as an <see cref="ICallObserver"/> (the session resolves every observer), its writing
    /// loop, and <see cref="DbToolCallJournal"/> as the <see cref="IToolCallJournal"/>.
    /// </summary>
    public static IServiceCollection AddCalls(this IServiceCollection services, IConfiguration configuration)
    {
        _ = configuration;
        services.AddSingleton<CallRegistry>();
        services.AddSingleton<CallRecorder>();
        services.AddSingleton<ICallObserver>(sp => sp.GetRequiredService<CallRecorder>());
        services.AddHostedService<CallRecordingService>();
        services.AddSingleton<IToolCallJournal, DbToolCallJournal>();
        return services;
    }
}
