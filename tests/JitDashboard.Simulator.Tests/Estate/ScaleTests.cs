using JitDashboard.Simulator.Tests;
using JitDashboard.Simulator.Tests.Arm;
using JitDashboard.Simulator.Tests.Defender;
using JitDashboard.Simulator.Tests.Sdk;
using JitDashboard.Simulator.Tests.State;
using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using JitDashboard.Simulator.Control;
using Microsoft.AspNetCore.Http;

namespace JitDashboard.Simulator.Tests.Estate;

public sealed class ScaleTests
{
    /// <summary>10,000 VMs in 20 subscriptions, each with a NIC and public IP; every other NIC has an NSG (~37k resources).</summary>
    private static JsonObject LargeEstate(int subscriptions = 20, int vmsPerSubscription = 500)
    {
        var subs = new JsonArray();
        var resources = new JsonArray();
        for (var s = 0; s < subscriptions; s++)
        {
            var sub = $"00000000-0000-4000-8000-{s:D12}";
            subs.Add(new JsonObject { ["subscriptionId"] = sub, ["displayName"] = $"Sub {s}" });
            var rg = $"/subscriptions/{sub}/resourceGroups/rg-{s}";
            var subnetId = $"{rg}/providers/Microsoft.Network/virtualNetworks/vnet/subnets/default";
            resources.Add(new JsonObject
            {
                ["id"] = $"{rg}/providers/Microsoft.Network/virtualNetworks/vnet",
                ["type"] = "Microsoft.Network/virtualNetworks",
                ["location"] = "westeurope",
                ["properties"] = new JsonObject
                {
                    ["addressSpace"] = new JsonObject { ["addressPrefixes"] = new JsonArray("10.0.0.0/16") },
                    ["subnets"] = new JsonArray(new JsonObject { ["id"] = subnetId, ["name"] = "default", ["properties"] = new JsonObject { ["addressPrefix"] = "10.0.0.0/16" } }),
                },
            });
            for (var v = 0; v < vmsPerSubscription; v++)
            {
                var name = $"vm-{v:D4}";
                var nic = $"{rg}/providers/Microsoft.Network/networkInterfaces/{name}-nic";
                var pip = $"{rg}/providers/Microsoft.Network/publicIPAddresses/{name}-pip";
                var nsg = $"{rg}/providers/Microsoft.Network/networkSecurityGroups/{name}-nsg";
                resources.Add(new JsonObject
                {
                    ["id"] = $"{rg}/providers/Microsoft.Compute/virtualMachines/{name}",
                    ["type"] = "Microsoft.Compute/virtualMachines",
                    ["location"] = "westeurope",
                    ["properties"] = new JsonObject { ["networkProfile"] = new JsonObject { ["networkInterfaces"] = new JsonArray(new JsonObject { ["id"] = nic }) } },
                });
                var ipConfig = new JsonObject
                {
                    ["name"] = "ipconfig1",
                    ["id"] = $"{nic}/ipConfigurations/ipconfig1",
                    ["properties"] = new JsonObject
                    {
                        ["privateIPAddress"] = $"10.0.{v / 250}.{(v % 250) + 4}",
                        ["subnet"] = new JsonObject { ["id"] = subnetId },
                        ["publicIPAddress"] = new JsonObject { ["id"] = pip },
                    },
                };
                var nicProps = new JsonObject { ["ipConfigurations"] = new JsonArray(ipConfig) };
                if (v % 2 == 0)
                {
                    nicProps["networkSecurityGroup"] = new JsonObject { ["id"] = nsg };
                    resources.Add(new JsonObject
                    {
                        ["id"] = nsg,
                        ["type"] = "Microsoft.Network/networkSecurityGroups",
                        ["location"] = "westeurope",
                        ["properties"] = new JsonObject
                        {
                            ["securityRules"] = new JsonArray(new JsonObject
                            {
                                ["name"] = "ssh",
                                ["properties"] = new JsonObject { ["protocol"] = "Tcp", ["destinationPortRange"] = "22", ["access"] = "Allow", ["priority"] = 300, ["direction"] = "Inbound" },
                            }),
                        },
                    });
                }
                resources.Add(new JsonObject { ["id"] = nic, ["type"] = "Microsoft.Network/networkInterfaces", ["location"] = "westeurope", ["properties"] = nicProps });
                resources.Add(new JsonObject
                {
                    ["id"] = pip,
                    ["type"] = "Microsoft.Network/publicIPAddresses",
                    ["location"] = "westeurope",
                    ["sku"] = new JsonObject { ["name"] = v % 4 == 1 ? "Basic" : "Standard" },
                    ["properties"] = new JsonObject { ["ipAddress"] = $"20.{s}.{v / 250}.{v % 250}" },
                });
            }
        }
        return new JsonObject { ["subscriptions"] = subs, ["resources"] = resources };
    }

    [Fact]
    public async Task TenThousandVms_ListsAndDerivedAnswersStayFast()
    {
        var watch = Stopwatch.StartNew();
        await using var sim = await SimFixture.StartAsync(LargeEstate());
        var load = watch.Elapsed;
        var sub = "00000000-0000-4000-8000-000000000007";

        watch.Restart();
        var count = 0;
        string? next = $"/subscriptions/{sub}/providers/Microsoft.Compute/virtualMachines?api-version=2023-07-01";
        while (next is not null)
        {
            var page = await sim.GetOkAsync(next);
            count += page["value"]!.AsArray().Count;
            next = (string?)page["nextLink"];
        }
        Assert.Equal(500, count);
        var listing = watch.Elapsed;

        watch.Restart();
        var controls = await sim.GetOkAsync($"/subscriptions/{sub}/providers/Microsoft.Security/secureScoreControls?api-version=2020-01-01");
        var ports = controls["value"]!.AsArray().Single(c => (string?)c!["properties"]!["displayName"] == "Secure management ports")!["properties"]!;
        // Even VMs: NSG allows 22 from anywhere → unhealthy; odd: no NSG → N/A for JIT, open if Basic (v % 4 == 1).
        Assert.Equal(250 + 125, (int)ports["unhealthyResourceCount"]!);
        var assessments = await sim.GetOkAsync($"/subscriptions/{sub}/providers/Microsoft.Security/assessments?api-version=2020-01-01");
        Assert.Equal(100, assessments["value"]!.AsArray().Count);
        var derived = watch.Elapsed;

        Assert.True(load < TimeSpan.FromSeconds(30), $"load {load}");
        Assert.True(listing < TimeSpan.FromSeconds(5), $"listing {listing}");
        Assert.True(derived < TimeSpan.FromSeconds(5), $"derived {derived}");
    }

    [Fact]
    public async Task ControlApi_FromANonLoopbackAddress_Is403()
    {
        var context = new DefaultHttpContext();
        context.Request.Path = "/_simulator/estate";
        context.Connection.RemoteIpAddress = IPAddress.Parse("192.0.2.10");
        context.Response.Body = new MemoryStream();
        var reachedNext = false;
        await ControlEndpoints.LoopbackOnly(context, () =>
        {
            reachedNext = true;
            return Task.CompletedTask;
        });
        Assert.False(reachedNext);
        Assert.Equal(403, context.Response.StatusCode);

        context = new DefaultHttpContext();
        context.Request.Path = "/_simulator/estate";
        context.Connection.RemoteIpAddress = IPAddress.Loopback;
        await ControlEndpoints.LoopbackOnly(context, () =>
        {
            reachedNext = true;
            return Task.CompletedTask;
        });
        Assert.True(reachedNext);
    }
}
