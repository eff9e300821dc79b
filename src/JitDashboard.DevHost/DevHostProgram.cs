using JitDashboard.Hosting;

namespace JitDashboard.DevHost;

/// <summary>
/// <c>dotnet run --project src/JitDashboard.DevHost</c>: the dashboard with its simulator embedded (a demo estate on a
/// loopback HTTPS port, its identity provider for sign-in), no Azure account and no network needed. Tests start it
/// with <c>WebApplicationFactory&lt;DevHostProgram&gt;</c> (a class, not static, so it can name the entry point).
/// </summary>
public sealed class DevHostProgram
{
    private DevHostProgram()
    {
    }

    public static Task<int> Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        DevHostBuilder.Configure(builder);
        builder.AddJitDashboard();
        return builder.RunJitDashboardAsync();
    }
}
