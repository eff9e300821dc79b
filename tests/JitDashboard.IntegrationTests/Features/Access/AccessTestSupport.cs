using JitDashboard.IntegrationTests.Features.Policies;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using JitDashboard.Platform.Arm;
using JitDashboard.Platform.Arm.Models;
using JitDashboard.Platform.Estate;
using JitDashboard.Platform.Estate.Inventory;
using JitDashboard.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace JitDashboard.IntegrationTests.Features.Access;

internal static class AccessTestSupport
{
    public static readonly Dictionary<string, string?> FastWorker = new() { ["Access:PollInterval"] = "00:00:00.200" };

    /// <summary>A demo VM with JIT on port 22 from any source, found by its facts (the estate's size is not assumed).</summary>
    public static EstateMachine SshJitMachine(EstateSnapshot snapshot, int skip = 0) =>
        snapshot.Machines
            .Where(m => m.Facts.JitStatus == JitStatus.Configured && m.Facts.Nics.Any(n => n.NicNsg is not null || n.SubnetNsg is not null))
            .Where(m => m.Facts.JitPorts.Any(p => p.Number == 22 && p.AllowedSourceAddressPrefixes is null && (p.AllowedSourceAddressPrefix ?? "*") == "*"
                && JitDashboard.Features.Access.AccessRequestValidator.TryParseDuration(p.MaxRequestAccessDuration, out var max) && max >= TimeSpan.FromHours(1)))
            .OrderBy(m => m.Id, StringComparer.Ordinal)
            .Skip(skip)
            .First();

    public static Task<JsonObject> WaitForStatusAsync(HttpClient client, string id, string status, TimeSpan? timeout = null) =>
        Eventually.WaitAsync(async () => (await client.GetFromJsonAsync<JsonObject>($"api/v1/access-requests/{id}"))!,
            r => (string?)r["status"] == status, timeout ?? TimeSpan.FromSeconds(60), $"request {id} to reach {status}");

    /// <summary>
    /// Runs the access worker's pass (what it does every poll) to completion, <paramref name="passes"/> times: after it
    /// anything the worker would (wrongly) do has been done, without waiting for its timer.
    /// </summary>
    public static async Task WorkerPassesAsync(IServiceProvider services, int passes = 2)
    {
        var access = services.GetRequiredService<JitDashboard.Features.Access.AccessService>();
        for (var i = 0; i < passes; i++)
            await access.ProcessDueAsync(CancellationToken.None);
    }

    /// <summary>JIT allow rules (via the simulator's ARM API) from <paramref name="source"/> on port 22 in the VM's NSGs.</summary>
    public static async Task<List<SecurityRule>> AllowRulesAsync(IServiceProvider services, EstateMachine machine, string source, int port = 22)
    {
        var network = services.GetRequiredService<NetworkClient>();
        var names = machine.Facts.Nics.SelectMany(n => new[] { n.NicNsg, n.SubnetNsg }).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);
        var rules = new List<SecurityRule>();
        await foreach (var nsg in network.ListNetworkSecurityGroupsAsync(machine.SubscriptionId))
        {
            if (nsg.Name is null || !names.Contains(nsg.Name)) continue;
            rules.AddRange(nsg.Properties.SecurityRules.Where(r =>
                r.Name!.StartsWith("SecurityCenter-JITRule-", StringComparison.Ordinal)
                && r.Properties.Access == "Allow"
                && (r.Properties.SourceAddressPrefix == source || (r.Properties.SourceAddressPrefixes ?? []).Contains(source))
                && (r.Properties.DestinationPortRange == $"{port}" || (r.Properties.DestinationPortRanges ?? []).Contains($"{port}"))));
        }
        return rules;
    }

    public static async Task<int> InitiateCallsAsync(HttpClient simulator)
    {
        var log = await simulator.GetFromJsonAsync<JsonObject>("/_simulator/requests");
        return log!["items"]!.AsArray().Count(i => (string?)i!["method"] == "POST" && ((string?)i["path"])!.EndsWith("/initiate", StringComparison.OrdinalIgnoreCase));
    }

    public static object SshRequest(EstateMachine m, string? source = "203.0.113.7", string duration = "PT1H", string justification = "Patch the kernel") =>
        new { machineId = m.Id, ports = new[] { 22 }, duration, sourceAddressPrefix = source, justification, ticket = "CHG-1042" };
}
