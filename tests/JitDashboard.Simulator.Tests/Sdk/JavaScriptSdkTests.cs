using JitDashboard.Simulator.Tests;
using JitDashboard.Simulator.Tests.Arm;
using JitDashboard.Simulator.Tests.Defender;
using JitDashboard.Simulator.Tests.Estate;
using JitDashboard.Simulator.Tests.State;
using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using static JitDashboard.Simulator.Tests.SimFixture;

namespace JitDashboard.Simulator.Tests.Sdk;

/// <summary>
/// A real client nobody here wrote: the Azure SDK for JavaScript (@azure/arm-compute, @azure/arm-network 36.0.0,
/// @azure/arm-security 5.0.0, pinned in js-sdk/package.json) pointed at the simulator lists what a JIT script reads and
/// takes the SDK's own JIT write path. Needs node and npm (test.sh installs them); it fails, not skips, without them.
/// </summary>
public sealed class JavaScriptSdkTests
{
    private static readonly string ScriptDir = Path.Combine(JitDashboard.Testing.RepoPaths.Root, "tests", "JitDashboard.Simulator.Tests", "Sdk", "js-sdk");

    [Fact]
    public async Task JsSdk_ListsTheEstate_AndTakesItsJitWritePath()
    {
        await EnsureNodeModulesAsync();

        var estate = SampleEstate();
        // The estate's load balancer: stored and listed as given (the simulator has no model of it).
        ((JsonArray)estate["resources"]!).Add(new JsonObject
        {
            ["id"] = $"{SampleRg}/providers/Microsoft.Network/loadBalancers/lb-web",
            ["type"] = "Microsoft.Network/loadBalancers",
            ["location"] = "westeurope",
            ["sku"] = new JsonObject { ["name"] = "Standard" },
            ["properties"] = new JsonObject { ["frontendIPConfigurations"] = new JsonArray() },
        });
        await using var sim = await StartAsync(estate);
        var pem = Path.Combine(Path.GetTempPath(), $"sim-ca-{Guid.NewGuid():N}.pem");
        await File.WriteAllTextAsync(pem, sim.Host.Certificate.ExportCertificatePem() + "\n");
        try
        {
            var token = await ArmTokenAsync(sim, "carol@contoso.test");
            var (exit, stdout, stderr) = await RunAsync("node", ["script.mjs"], TimeSpan.FromSeconds(60), new Dictionary<string, string>
            {
                ["SIM_URL"] = sim.Host.BaseUri.ToString(),
                ["SIM_TOKEN"] = token,
                ["SIM_SUBSCRIPTION"] = SampleSub,
                ["NODE_EXTRA_CA_CERTS"] = pem,
            });
            var lastLine = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
            Assert.True(exit == 0 && lastLine is not null, $"node script.mjs exited {exit}\nstdout: {stdout}\nstderr: {stderr}");
            var summary = JsonNode.Parse(lastLine!)!;
            Assert.True((bool?)summary["ok"] == true, summary.ToJsonString());

            var counts = summary["counts"]!;
            var resources = ((JsonArray)estate["resources"]!).OfType<JsonObject>().ToList();
            int Count(string type) => resources.Count(r => string.Equals((string?)r["type"], type, StringComparison.OrdinalIgnoreCase));
            Assert.Equal(Count("Microsoft.Compute/virtualMachines"), (int)counts["virtualMachines"]!);
            Assert.Equal(Count("Microsoft.Network/networkInterfaces"), (int)counts["networkInterfaces"]!);
            Assert.Equal(Count("Microsoft.Network/networkSecurityGroups"), (int)counts["networkSecurityGroups"]!);
            Assert.Equal(Count("Microsoft.Network/publicIPAddresses"), (int)counts["publicIPAddresses"]!);
            Assert.Equal(Count("Microsoft.Network/virtualNetworks"), (int)counts["virtualNetworks"]!);
            Assert.Equal(1, (int)counts["loadBalancers"]!);
            // Listed before the SDK's write: the estate's own policies.
            Assert.Equal(Count("Microsoft.Security/locations/jitNetworkAccessPolicies"), (int)counts["jitNetworkAccessPolicies"]!);
            Assert.Equal(2 * Count("Microsoft.Compute/virtualMachines"), (int)counts["assessments"]!); // two assessments per VM
            Assert.Equal(1, (int)counts["secureScores"]!);
            var nsg = resources.Single(r => string.Equals((string?)r["id"], (string?)summary["securityRulesOf"], StringComparison.OrdinalIgnoreCase));
            Assert.Equal(((JsonArray?)nsg["properties"]?["securityRules"])?.Count ?? 0, (int)counts["securityRules"]!);

            // The SDK's own JIT write path landed: the policy is stored with its VM, the request is on it.
            var jit = summary["jit"]!;
            Assert.Equal("Succeeded", (string?)jit["policyProvisioningState"]);
            Assert.Equal(1, (int)jit["policyVirtualMachines"]!);
            Assert.Equal(1, (int)jit["requestVirtualMachines"]!);
            Assert.Equal("Initiating", (string?)jit["requestPortStatus"]);
            var policy = await sim.GetOkAsync($"{(string)jit["policyId"]!}?api-version=2020-01-01");
            Assert.Equal((string?)jit["vm"], (string?)policy["properties"]!["virtualMachines"]![0]!["id"], StringComparer.OrdinalIgnoreCase);
            var request = Assert.Single((JsonArray)policy["properties"]!["requests"]!)!;
            Assert.Equal("10.1.2.3", (string?)request["virtualMachines"]![0]!["ports"]![0]!["allowedSourceAddressPrefix"]);

            // Every ARM call the SDK made was answered with success, at the api-versions today's SDKs send.
            var log = await sim.GetOkAsync("/_simulator/requests");
            var calls = ((JsonArray)log["items"]!).OfType<JsonObject>().Where(r => !((string)r["path"]!).StartsWith("/_simulator", StringComparison.Ordinal)).ToList();
            Assert.All(calls, c => Assert.True((int)c["status"]! < 400, c.ToJsonString()));
            Assert.Contains(calls, c => ((string)c["path"]!).EndsWith("/Microsoft.Network/networkInterfaces", StringComparison.Ordinal) && (string?)c["apiVersion"] == "2025-05-01");
        }
        finally
        {
            File.Delete(pem);
        }
    }

    /// <summary>A user token for ARM from the simulator's control API, as a script would get one.</summary>
    private static async Task<string> ArmTokenAsync(SimFixture sim, string user)
    {
        var (status, body, _) = await sim.SendAsync(HttpMethod.Post, "/_simulator/identity/token",
            new JsonObject { ["user"] = user, ["audience"] = "https://management.azure.com/" }, auth: false);
        Assert.True(status == HttpStatusCode.OK, $"token → {(int)status} {body?.ToJsonString()}");
        return (string)body!["access_token"]!;
    }

    /// <summary><c>npm ci</c> once: skipped while node_modules was installed from this very package-lock.json.</summary>
    private static async Task EnsureNodeModulesAsync()
    {
        foreach (var tool in new[] { "node", "npm" })
        {
            (int, string, string) version;
            try
            {
                version = await RunAsync(tool, ["--version"], TimeSpan.FromSeconds(30));
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                Assert.Fail($"'{tool}' is not installed ({e.Message}). This test needs Node.js 20+ and npm: ./test.sh installs them (apt-get install nodejs npm).");
                return;
            }
            Assert.True(version.Item1 == 0, $"'{tool} --version' failed: {version.Item3}");
        }

        var lockHash = Convert.ToHexString(SHA256.HashData(await File.ReadAllBytesAsync(Path.Combine(ScriptDir, "package-lock.json"))));
        var stamp = Path.Combine(ScriptDir, "node_modules", ".jitdashboard-installed-from");
        if (File.Exists(stamp) && await File.ReadAllTextAsync(stamp) == lockHash)
            return;
        var (exit, stdout, stderr) = await RunAsync("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], TimeSpan.FromMinutes(3),
            new Dictionary<string, string> { ["npm_config_update_notifier"] = "false" });
        Assert.True(exit == 0, $"npm ci in {ScriptDir} exited {exit}\nstdout: {stdout}\nstderr: {stderr}");
        await File.WriteAllTextAsync(stamp, lockHash);
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(string file, string[] args, TimeSpan timeout, IReadOnlyDictionary<string, string>? env = null)
    {
        var info = new ProcessStartInfo(file)
        {
            WorkingDirectory = ScriptDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
            info.ArgumentList.Add(a);
        foreach (var (k, v) in env ?? new Dictionary<string, string>())
            info.Environment[k] = v;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"'{file} {string.Join(' ', args)}' did not finish within {timeout.TotalSeconds} s.\nstdout: {await stdout}\nstderr: {await stderr}");
        }
        return (process.ExitCode, await stdout, await stderr);
    }
}
