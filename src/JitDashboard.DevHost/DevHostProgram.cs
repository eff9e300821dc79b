using JitDashboard.Hosting;

namespace JitDashboard.DevHost;

/// <summary>
/// <c>dotnet run --project src/JitDashboard.DevHost</c>: the dashboard with its simulator embedded (a demo estate on a
/// loopback HTTPS port, its identity provider for sign-in), no Azure account and no network needed.
/// </summary>
public static class DevHostProgram
{
    public static Task<int> Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        DevHostBuilder.Configure(builder);
        builder.AddJitDashboard();
        return builder.RunJitDashboardAsync();
    }
}
