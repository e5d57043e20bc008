using Microsoft.Extensions.Configuration.Memory;
using Switchboard.ControlPlane;

namespace Switchboard.Server;

/// <summary>Builds the web application from plain ASP.NET Core configuration (appsettings, env, --Key=value).</summary>
internal static class ServerHost
{
    public const string DefaultUrl = "http://localhost:5000";

    public static WebApplication Build(string[] configurationArgs, bool quiet = false, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = configurationArgs });
        // Lowest-priority defaults, so appsettings, the environment and --Key=value still override them. Hosting's
        // request log category is off unless asked for: while it is enabled at any level, ASP.NET Core starts an
        // Activity and a log scope for every request, a sizeable share of a cached agent read (docs/performance.md).
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?> { ["Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics"] = "None" },
        });
        // SQL text at Information would bury the server's own messages; appsettings can still turn it up.
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
        if (quiet)
        {
            // CLI verbs print their result on stdout; logs would get in the way of scripts reading it.
            builder.Logging.ClearProviders();
            builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
        }
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }
        builder.Services.AddControlPlane(builder.Configuration);
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseControlPlane();
        return app;
    }
}
