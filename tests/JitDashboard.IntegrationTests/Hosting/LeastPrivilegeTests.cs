using JitDashboard.IntegrationTests.Features.Audit;
using JitDashboard.IntegrationTests.Features.Policies;
using JitDashboard.IntegrationTests.Platform.Audit;
using JitDashboard.IntegrationTests.Platform.Identity;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using JitDashboard.Platform.Arm;
using JitDashboard.Platform.Arm.Models;
using JitDashboard.Platform.Estate.Inventory;
using JitDashboard.Simulator.Control;
using JitDashboard.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace JitDashboard.IntegrationTests.Hosting;

/// <summary>
/// deploy/roles: the operator role covers every ARM request the app makes, the reader role every GET and nothing
/// more than reads, and neither holds a wildcard or an action the app never needs.
/// </summary>
public sealed class LeastPrivilegeTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "jit-roles-" + Guid.NewGuid().ToString("N"));

    /// <summary>Actions held although the flows below do not send them, each with its reason.</summary>
    private static readonly Dictionary<string, string> JustifiedExtras = new(StringComparer.OrdinalIgnoreCase)
    {
        // ARM answers a virtual network GET with its subnets, but Azure documents subnets/read for reading a
        // subnet's NSG association; cheap and read-only.
        ["Microsoft.Network/virtualNetworks/subnets/read"] = "subnet NSG associations",
        // The controls of one secure score (the Posture page, issue 8, being built in parallel); read-only.
        ["Microsoft.Security/secureScores/secureScoreControls/read"] = "per-score controls (Posture, issue 8)",
    };

    public void Dispose()
    {
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file for a moment.
        }
    }

    private static string[] RoleActions(string file)
    {
        var role = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "deploy", "roles", file)))!;
        Assert.Empty(role["NotActions"]!.AsArray());
        Assert.Empty(role["DataActions"]!.AsArray());
        return role["Actions"]!.AsArray().Select(a => (string)a!).ToArray();
    }

    private static bool Covered(string[] granted, string action) => granted.Any(g => ArmActions.Covers(g, action));

    [Fact]
    public async Task TheAppsArmFlows_AreCoveredByTheOperatorRole_AndItsReadsByTheReaderRole()
    {
        await using var host = await PoliciesHost.StartAsync(_data);
        var simulator = host.EmbeddedSimulator!;
        // The start-up sweep may have read some or all of the estate already: clear the log, then a sweep that
        // starts after the clear (subscriptions, compute, classic compute, network, JIT policies, assessments).
        await host.LoadedEstateAsync();
        simulator.RequestLog.Clear();
        await host.Services.GetRequiredService<JitDashboard.Platform.Estate.IEstateService>().RefreshAfterChangeAsync();
        var snapshot = await host.LoadedEstateAsync();
        var machines = snapshot.Machines.Where(m => m.Facts.Exposed && m.Facts.JitStatus == JitStatus.NotConfigured).Take(2).Select(m => m.Id).ToList();
        Assert.Equal(2, machines.Count);

        // Bulk apply and remove through the API.
        using var alice = await host.CreateApiClientAsync(AuthTestSupport.Person("alice"));
        async Task RunAsync(string kind, IReadOnlyList<string> ids)
        {
            using var accepted = await alice.PostAsJsonAsync($"api/v1/jit/{kind}", new { machineIds = ids });
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
            var id = Guid.Parse((string)(await accepted.Content.ReadFromJsonAsync<JsonObject>())!["operationId"]!);
            Assert.Equal("Succeeded", (await host.WaitAsync(id)).Status.ToString());
        }

        await RunAsync("apply", machines);
        await RunAsync("remove", [machines[1]]);

        // Verify with Azure (issue 17): network watchers, effective NSGs, IP flow verify.
        var verified = snapshot.Machines.First(m => m.Location == "westeurope" && m.Facts.NetworkInputs.Count > 0);
        using (var verify = await alice.PostAsync(new Uri($"api/v1/machines/{verified.SubscriptionId}/{verified.ResourceGroup}/{verified.Name}/verify", UriKind.Relative), null))
            Assert.Equal(HttpStatusCode.OK, verify.StatusCode);

        // Initiate (access requests), posture reads and NSG rule writes, through the app's own clients.
        var security = host.Services.GetRequiredService<SecurityClient>();
        var network = host.Services.GetRequiredService<NetworkClient>();
        var compute = host.Services.GetRequiredService<IComputeClient>();
        // The sweep's subscription list may have run before the log was cleared (a load already in flight): list again.
        await host.Services.GetRequiredService<ISubscriptionsClient>().ListAsync().ToListAsync();
        var subscription = snapshot.Machines.First(m => m.Id == machines[0]).SubscriptionId;
        var policy = await security.ListJitPoliciesAsync(subscription).FirstAsync(p => p.Properties.VirtualMachines.Any(v => v.Id.Equals(machines[0], StringComparison.OrdinalIgnoreCase)));
        var parts = policy.Id!.Split('/');
        var vm = policy.Properties.VirtualMachines.First(v => v.Id.Equals(machines[0], StringComparison.OrdinalIgnoreCase));
        await security.InitiateJitAccessAsync(subscription, parts[4], policy.Location ?? parts[8], policy.Name!, new JitInitiateRequest
        {
            VirtualMachines = [new JitInitiateVirtualMachine { Id = vm.Id, Ports = [new JitInitiatePort { Number = vm.Ports[0].Number, EndTimeUtc = DateTimeOffset.UtcNow.AddHours(1), AllowedSourceAddressPrefix = "203.0.113.7" }] }],
            Justification = "least-privilege test",
        });
        await security.GetJitPolicyAsync(subscription, parts[4], policy.Location ?? parts[8], policy.Name!);
        await security.ListSecureScoresAsync(subscription).ToListAsync();
        await security.ListSecureScoreControlsAsync(subscription).ToListAsync();
        await security.ListAssessmentsAsync(subscription).ToListAsync();
        await security.GetAssessmentAsync(machines[0], "805651bc-6ecd-4c73-9b55-97a19d0582d0");
        await compute.GetVirtualMachineAsync(machines[0], expandInstanceView: true);

        var nsg = await network.ListNetworkSecurityGroupsAsync(subscription).FirstAsync();
        await network.GetNetworkSecurityGroupAsync(nsg.Id!);
        await network.ListSecurityRulesAsync(nsg.Id!).ToListAsync();
        await network.CreateOrUpdateSecurityRuleAsync(nsg.Id!, "jitdashboard-lp-test", new SecurityRule
        {
            Properties = new SecurityRuleProperties { Protocol = "Tcp", SourcePortRange = "*", DestinationPortRange = "22", SourceAddressPrefix = "203.0.113.7", DestinationAddressPrefix = "*", Access = "Deny", Priority = 4000, Direction = "Inbound" },
        });
        await network.GetSecurityRuleAsync(nsg.Id!, "jitdashboard-lp-test");
        await network.DeleteSecurityRuleAsync(nsg.Id!, "jitdashboard-lp-test");

        // The remove flow deletes a policy once its last VM is gone; the same client call, directly.
        await security.DeleteJitPolicyAsync(subscription, parts[4], policy.Location ?? parts[8], policy.Name!);

        var requests = simulator.RequestLog.Snapshot();
        var actions = requests.Select(r => (Request: r, Action: ArmActions.Required(r.Method, r.Path))).ToList();
        Assert.All(actions, a => Assert.NotNull(a.Action));

        var operatorRole = RoleActions("jitdashboard-operator.json");
        var readerRole = RoleActions("jitdashboard-reader.json");
        var uncovered = actions.Where(a => !Covered(operatorRole, a.Action!)).Select(a => $"{a.Request.Method} {a.Request.Path} needs {a.Action}").Distinct().ToList();
        Assert.True(uncovered.Count == 0, "Not covered by the operator role:\n" + string.Join("\n", uncovered));
        var uncoveredReads = actions.Where(a => a.Request.Method == "GET" && !Covered(readerRole, a.Action!)).Select(a => $"{a.Request.Path} needs {a.Action}").Distinct().ToList();
        Assert.True(uncoveredReads.Count == 0, "Reads not covered by the reader role:\n" + string.Join("\n", uncoveredReads));

        // Nothing more than needed: every operator action was used here, or is a listed, justified extra.
        var used = actions.Select(a => a.Action!).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var unused = operatorRole.Where(g => !used.Any(u => ArmActions.Covers(g, u)) && !JustifiedExtras.ContainsKey(g)).ToList();
        Assert.True(unused.Count == 0, "Granted but never used (remove, or justify in JustifiedExtras):\n" + string.Join("\n", unused));
        // The write verbs are all exercised: each corresponds to a real feature.
        foreach (var write in new[] { "write", "delete", "initiate/action" })
            Assert.Contains(used, u => u.StartsWith("Microsoft.Security/locations/jitNetworkAccessPolicies/" + write, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Every ARM request any test's dashboard host made in this and earlier runs (artifacts/arm-requests/*.jsonl).</summary>
    [Fact]
    public void EveryRecordedArmRequestOfTheSuite_IsCoveredByTheOperatorRole()
    {
        var directory = DashboardHost.ArmRequestLogDirectory;
        if (!Directory.Exists(directory))
            return; // First run of a fresh checkout: the driven-flows test above carries the proof.
        var operatorRole = RoleActions("jitdashboard-operator.json");
        var problems = new SortedSet<string>(StringComparer.Ordinal);
        var checkedCount = 0;
        foreach (var file in Directory.EnumerateFiles(directory, "*.jsonl"))
        {
            foreach (var line in File.ReadLines(file))
            {
                if (string.IsNullOrWhiteSpace(line))
                    continue;
                using var json = JsonDocument.Parse(line);
                var method = json.RootElement.GetProperty("method").GetString()!;
                var path = json.RootElement.GetProperty("path").GetString()!;
                var action = ArmActions.Required(method, path);
                checkedCount++;
                if (action is null)
                    problems.Add($"{method} {path}: not an ARM resource path");
                else if (!Covered(operatorRole, action))
                    problems.Add($"{method} {Shape(path)} needs {action}");
            }
        }

        Assert.True(problems.Count == 0, $"Of {checkedCount} recorded requests, not covered:\n" + string.Join("\n", problems));
    }

    [Fact]
    public void ReaderRole_OnlyReads_AndIsASubsetOfTheOperatorRole_AndNoRoleHasWildcards()
    {
        var operatorRole = RoleActions("jitdashboard-operator.json");
        var readerRole = RoleActions("jitdashboard-reader.json");
        // Reads, and the one query that ARM models as a POST action: the AVNM admin rules in force on a VNet (issue 17).
        string[] queries = ["Microsoft.Network/virtualNetworks/listNetworkManagerEffectiveSecurityAdminRules/action"];
        Assert.All(readerRole, a => Assert.True(a.EndsWith("/read", StringComparison.Ordinal) || queries.Contains(a), a));
        Assert.All(readerRole, a => Assert.Contains(a, operatorRole));
        Assert.Equal(operatorRole.Where(a => a.EndsWith("/read", StringComparison.Ordinal) || queries.Contains(a)).Order(), readerRole.Order());
        Assert.All(operatorRole.Concat(readerRole), a => Assert.DoesNotContain("*", a, StringComparison.Ordinal));
        Assert.Equal(operatorRole.Length, operatorRole.Distinct(StringComparer.OrdinalIgnoreCase).Count());

        // The operator's non-read actions are exactly the app's writes (JIT policies, their initiation, NSG rules) and the
        // queries Azure models as actions (AVNM admin rules; Verify with Azure's effective NSGs and IP flow verify).
        Assert.Equal(
            new[]
            {
                "Microsoft.Network/networkInterfaces/effectiveNetworkSecurityGroups/action",
                "Microsoft.Network/networkSecurityGroups/securityRules/delete",
                "Microsoft.Network/networkSecurityGroups/securityRules/write",
                "Microsoft.Network/networkWatchers/ipFlowVerify/action",
                "Microsoft.Network/virtualNetworks/listNetworkManagerEffectiveSecurityAdminRules/action",
                "Microsoft.Security/locations/jitNetworkAccessPolicies/delete",
                "Microsoft.Security/locations/jitNetworkAccessPolicies/initiate/action",
                "Microsoft.Security/locations/jitNetworkAccessPolicies/write",
            },
            operatorRole.Where(a => !a.EndsWith("/read", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        // Never VM writes, role assignments or NSG replacement.
        Assert.DoesNotContain(operatorRole, a => a.StartsWith("Microsoft.Authorization/", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain("Microsoft.Compute/virtualMachines/write", operatorRole);
        Assert.DoesNotContain("Microsoft.Network/networkSecurityGroups/write", operatorRole);
    }

    /// <summary>Ids replaced by placeholders, so one missing action is reported once.</summary>
    private static string Shape(string path)
    {
        var segments = path.Split('/');
        for (var i = 2; i < segments.Length; i += 2)
            segments[i] = "{" + segments[i - 1] + "}";
        return string.Join('/', segments);
    }
}
