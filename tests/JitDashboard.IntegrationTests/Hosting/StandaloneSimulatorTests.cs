using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using JitDashboard.Simulator;
using JitDashboard.Testing;

namespace JitDashboard.IntegrationTests.Hosting;

/// <summary>DESIGN.md public contracts 2 and 4: the simulator as its own process, and the app pointed at it.</summary>
public sealed class StandaloneSimulatorTests
{
    [Fact]
    public async Task Standalone_GeneratedEstate_WritesPemAndServesArm()
    {
        var pem = Path.Combine(Path.GetTempPath(), $"jitsim-{Guid.NewGuid():N}.pem");
        var port = FreePort();
        var dll = Path.Combine(AppContext.BaseDirectory, "JitDashboard.Simulator.dll");
        using var process = Process.Start(new ProcessStartInfo("dotnet")
        {
            ArgumentList = { dll, "--urls", $"https://127.0.0.1:{port}", "--generate", "vms=30,subscriptions=3,seed=7", "--certificate-out", pem },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        try
        {
            var line = await ReadUntilAsync(process.StandardOutput, "serving", TimeSpan.FromSeconds(60));
            Assert.Contains($"https://127.0.0.1:{port}", line, StringComparison.Ordinal);

            using var client = new HttpClient(SimulatorHost.CreateTrustingHandler(SimulatorHost.LoadCertificatePem(pem))) { BaseAddress = new Uri($"https://127.0.0.1:{port}") };
            client.DefaultRequestHeaders.Authorization = new("Bearer", await TokenAsync(client));
            var subscriptions = await client.GetFromJsonAsync<JsonObject>(new Uri("/subscriptions?api-version=2022-12-01", UriKind.Relative));

            Assert.Equal(3, subscriptions!["value"]!.AsArray().Count);
            var estate = await client.GetFromJsonAsync<JsonObject>(new Uri("/_simulator/estate", UriKind.Relative));
            Assert.Equal(30, estate!["resources"]!.AsArray().Count(r => ((string?)r!["type"])?.EndsWith("/virtualMachines", StringComparison.OrdinalIgnoreCase) == true));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            File.Delete(pem);
        }
    }

    [Fact]
    public async Task Standalone_BadArguments_ExitWithCode2AndSayWhy()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "JitDashboard.Simulator.dll");
        using var process = Process.Start(new ProcessStartInfo("dotnet")
        {
            ArgumentList = { dll, "--urls", "https://10.1.2.3:8443", "--generate", "vms=abc" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.NotEqual(0, process.ExitCode);
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Fact]
    public async Task App_PointedAtStandaloneSimulator_ListsItsEstate()
    {
        var pem = Path.Combine(Path.GetTempPath(), $"jitsim-{Guid.NewGuid():N}.pem");
        await using var simulator = await SimulatorHost.StartAsync(new SimulatorOptions { Generate = "vms=12,subscriptions=2,seed=5", CertificateOut = pem });
        try
        {
            await using var host = await DashboardHost.StartAsync(new Dictionary<string, string?>
            {
                ["Simulator:Url"] = simulator.BaseUri.ToString(),
                ["Simulator:CertificateFile"] = pem,
            });

            var snapshot = await host.LoadedEstateAsync();

            Assert.Null(snapshot.Error);
            Assert.Equal(2, snapshot.Subscriptions.Count);
            Assert.Equal(12, snapshot.Machines.Count);
            Assert.Contains(simulator.RequestLog.Snapshot(), r => r.Path.Contains("virtualMachines", StringComparison.OrdinalIgnoreCase));
        }
        finally
        {
            File.Delete(pem);
        }
    }

    private static async Task<string> TokenAsync(HttpClient client)
    {
        // The simulator's identity provider issues tokens for ARM; before it validates them, any bearer token passes.
        using var response = await client.PostAsJsonAsync(new Uri("/_simulator/identity/token", UriKind.Relative), new { user = "carol@contoso.test", audience = "https://management.azure.com/" });
        return response.IsSuccessStatusCode ? (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["access_token"]! : "token";
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<string> ReadUntilAsync(StreamReader reader, string marker, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (await reader.ReadLineAsync(cts.Token) is { } line)
        {
            if (line.Contains(marker, StringComparison.OrdinalIgnoreCase)) return line;
        }
        throw new InvalidOperationException($"The simulator process ended before printing '{marker}'.");
    }
}
