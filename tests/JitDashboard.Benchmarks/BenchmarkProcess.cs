using JitDashboard.Testing;

namespace JitDashboard.Benchmarks;

/// <summary>The shared <see cref="AppProcess"/> with the benchmarks' setup: a generated estate and a throw-away database.</summary>
internal static class BenchmarkProcess
{
    public static Task<AppProcess> StartAsync(string generate, IReadOnlyDictionary<string, string> settings)
    {
        var data = Path.Combine(Path.GetTempPath(), "jitdashboard-bench-" + Guid.NewGuid().ToString("N"));
        var all = new Dictionary<string, string>(settings) { ["Simulator:Generate"] = generate, ["Database:DataDirectory"] = data };
        return AppProcess.StartAsync(all, ownedDirectory: data);
    }

    /// <summary>The app against a simulator of its own process (<c>Simulator:Url</c> in <paramref name="settings"/>), on a throw-away database.</summary>
    public static Task<AppProcess> StartAgainstAsync(IReadOnlyDictionary<string, string> settings)
    {
        var data = Path.Combine(Path.GetTempPath(), "jitdashboard-bench-" + Guid.NewGuid().ToString("N"));
        var all = new Dictionary<string, string>(settings) { ["Database:DataDirectory"] = data };
        return AppProcess.StartAsync(all, ownedDirectory: data);
    }

    public static async Task<string> TokenAsync(AppProcess app, string user)
    {
        using var simulator = AppProcess.LoopbackSimulatorClient(app.SimulatorUri ?? throw new InvalidOperationException("The app printed no simulator address."));
        return await AppProcess.TokenAsync(simulator, user);
    }
}
