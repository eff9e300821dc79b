using Azure.Core;
using JitDashboard.Platform.Arm.Models;
using Microsoft.Extensions.Options;

namespace JitDashboard.Platform.Arm;

/// <summary>
/// Microsoft.Network through the ArmClient's pipeline (no SDK package available). Writes return the body ARM
/// answers with (200/201); they do not poll the Azure-AsyncOperation of a long-running PUT.
/// </summary>
public sealed class NetworkClient(ArmRestClient rest, IOptions<ArmOptions> options)
{
    private string ApiVersion => options.Value.ApiVersions.Network;

    public IAsyncEnumerable<NetworkInterface> ListNetworkInterfacesAsync(string subscriptionId, CancellationToken cancellationToken = default)
        => rest.ListAsync<NetworkInterface>(ProviderPath(subscriptionId, "networkInterfaces"), ApiVersion, cancellationToken: cancellationToken);

    public IAsyncEnumerable<NetworkSecurityGroup> ListNetworkSecurityGroupsAsync(string subscriptionId, CancellationToken cancellationToken = default)
        => rest.ListAsync<NetworkSecurityGroup>(ProviderPath(subscriptionId, "networkSecurityGroups"), ApiVersion, cancellationToken: cancellationToken);

    public IAsyncEnumerable<PublicIpAddress> ListPublicIpAddressesAsync(string subscriptionId, CancellationToken cancellationToken = default)
        => rest.ListAsync<PublicIpAddress>(ProviderPath(subscriptionId, "publicIPAddresses"), ApiVersion, cancellationToken: cancellationToken);

    public IAsyncEnumerable<VirtualNetwork> ListVirtualNetworksAsync(string subscriptionId, CancellationToken cancellationToken = default)
        => rest.ListAsync<VirtualNetwork>(ProviderPath(subscriptionId, "virtualNetworks"), ApiVersion, cancellationToken: cancellationToken);

    /// <summary>The NSG with this ARM id, or null when it does not exist.</summary>
    public Task<NetworkSecurityGroup?> GetNetworkSecurityGroupAsync(string networkSecurityGroupId, CancellationToken cancellationToken = default)
        => rest.SendAsync<NetworkSecurityGroup>(RequestMethod.Get, networkSecurityGroupId, ApiVersion, nullOn404: true, cancellationToken: cancellationToken);

    /// <summary>The NIC with this ARM id, or null when it does not exist.</summary>
    public Task<NetworkInterface?> GetNetworkInterfaceAsync(string id, CancellationToken cancellationToken = default)
        => rest.SendAsync<NetworkInterface>(RequestMethod.Get, id, ApiVersion, nullOn404: true, cancellationToken: cancellationToken);

    /// <summary>The public IP address with this ARM id, or null when it does not exist.</summary>
    public Task<PublicIpAddress?> GetPublicIpAddressAsync(string id, CancellationToken cancellationToken = default)
        => rest.SendAsync<PublicIpAddress>(RequestMethod.Get, id, ApiVersion, nullOn404: true, cancellationToken: cancellationToken);

    /// <summary>The load balancer (frontends, pools, rules, NAT rules) with this ARM id, or null when it does not exist.</summary>
    public Task<LoadBalancer?> GetLoadBalancerAsync(string id, CancellationToken cancellationToken = default)
        => rest.SendAsync<LoadBalancer>(RequestMethod.Get, id, ApiVersion, nullOn404: true, cancellationToken: cancellationToken);

    /// <summary>The virtual network (with its subnets) with this ARM id, or null when it does not exist.</summary>
    public Task<VirtualNetwork?> GetVirtualNetworkAsync(string id, CancellationToken cancellationToken = default)
        => rest.SendAsync<VirtualNetwork>(RequestMethod.Get, id, ApiVersion, nullOn404: true, cancellationToken: cancellationToken);

    /// <summary>PUTs the whole NSG (its <see cref="NetworkSecurityGroup.Id"/> says where).</summary>
    public async Task<NetworkSecurityGroup> CreateOrUpdateNetworkSecurityGroupAsync(NetworkSecurityGroup networkSecurityGroup, CancellationToken cancellationToken = default)
    {
        var id = networkSecurityGroup.Id ?? throw new ArgumentException("The NSG needs its id.", nameof(networkSecurityGroup));
        return await rest.SendAsync<NetworkSecurityGroup>(RequestMethod.Put, id, ApiVersion, networkSecurityGroup, cancellationToken: cancellationToken)
            ?? networkSecurityGroup;
    }

    public IAsyncEnumerable<SecurityRule> ListSecurityRulesAsync(string networkSecurityGroupId, CancellationToken cancellationToken = default)
        => rest.ListAsync<SecurityRule>($"{networkSecurityGroupId}/securityRules", ApiVersion, cancellationToken: cancellationToken);

    /// <summary>The rule, or null when it does not exist.</summary>
    public Task<SecurityRule?> GetSecurityRuleAsync(string networkSecurityGroupId, string ruleName, CancellationToken cancellationToken = default)
        => rest.SendAsync<SecurityRule>(RequestMethod.Get, RulePath(networkSecurityGroupId, ruleName), ApiVersion, nullOn404: true, cancellationToken: cancellationToken);

    public async Task<SecurityRule> CreateOrUpdateSecurityRuleAsync(string networkSecurityGroupId, string ruleName, SecurityRule rule, CancellationToken cancellationToken = default)
        => await rest.SendAsync<SecurityRule>(RequestMethod.Put, RulePath(networkSecurityGroupId, ruleName), ApiVersion, rule, cancellationToken: cancellationToken)
            ?? rule;

    /// <summary>Deletes the rule; false when it did not exist (204).</summary>
    public async Task<bool> DeleteSecurityRuleAsync(string networkSecurityGroupId, string ruleName, CancellationToken cancellationToken = default)
        => await rest.SendWithoutBodyAsync(RequestMethod.Delete, RulePath(networkSecurityGroupId, ruleName), ApiVersion, cancellationToken) != 204;

    /// <summary>The rule exactly as ARM returns it (every field, known or not), or null when it does not exist.</summary>
    public Task<System.Text.Json.Nodes.JsonObject?> GetSecurityRuleJsonAsync(string networkSecurityGroupId, string ruleName, CancellationToken cancellationToken = default)
        => rest.SendAsync<System.Text.Json.Nodes.JsonObject>(RequestMethod.Get, RulePath(networkSecurityGroupId, ruleName), ApiVersion, nullOn404: true, cancellationToken: cancellationToken);

    /// <summary>PUTs a rule body (<c>{ properties }</c>) and waits for ARM's Azure-AsyncOperation when it sends one.</summary>
    public Task PutSecurityRuleAndWaitAsync(string networkSecurityGroupId, string ruleName, System.Text.Json.Nodes.JsonObject rule, CancellationToken cancellationToken = default)
        => rest.SendLongRunningAsync(RequestMethod.Put, RulePath(networkSecurityGroupId, ruleName), ApiVersion, rule, MaxPollDelay, cancellationToken);

    /// <summary>DELETEs a rule and waits for ARM's 202 Location (or Azure-AsyncOperation) when it sends one.</summary>
    public Task DeleteSecurityRuleAndWaitAsync(string networkSecurityGroupId, string ruleName, CancellationToken cancellationToken = default)
        => rest.SendLongRunningAsync(RequestMethod.Delete, RulePath(networkSecurityGroupId, ruleName), ApiVersion, null, MaxPollDelay, cancellationToken);

    // ---- the other doors (issue 17): list calls per subscription, or per VNet for the admin rules, never a GET per VM.

    public IAsyncEnumerable<LoadBalancer> ListLoadBalancersAsync(string subscriptionId, CancellationToken cancellationToken = default)
        => rest.ListAsync<LoadBalancer>(ProviderPath(subscriptionId, "loadBalancers"), ApiVersion, cancellationToken: cancellationToken);

    public IAsyncEnumerable<AzureFirewall> ListAzureFirewallsAsync(string subscriptionId, CancellationToken cancellationToken = default)
        => rest.ListAsync<AzureFirewall>(ProviderPath(subscriptionId, "azureFirewalls"), ApiVersion, cancellationToken: cancellationToken);

    public IAsyncEnumerable<FirewallPolicy> ListFirewallPoliciesAsync(string subscriptionId, CancellationToken cancellationToken = default)
        => rest.ListAsync<FirewallPolicy>(ProviderPath(subscriptionId, "firewallPolicies"), ApiVersion, cancellationToken: cancellationToken);

    public IAsyncEnumerable<FirewallPolicyRuleCollectionGroup> ListRuleCollectionGroupsAsync(string firewallPolicyId, CancellationToken cancellationToken = default)
        => rest.ListAsync<FirewallPolicyRuleCollectionGroup>($"{firewallPolicyId}/ruleCollectionGroups", ApiVersion, cancellationToken: cancellationToken);

    public IAsyncEnumerable<NetworkWatcher> ListNetworkWatchersAsync(string subscriptionId, CancellationToken cancellationToken = default)
        => rest.ListAsync<NetworkWatcher>(ProviderPath(subscriptionId, "networkWatchers"), ApiVersion, cancellationToken: cancellationToken);

    /// <summary>
    /// The AVNM security admin rules in force on a VNet: <c>POST .../listNetworkManagerEffectiveSecurityAdminRules</c>, paged by
    /// the <c>skipToken</c> sent back in the body (not nextLink), 20 per page at most.
    /// </summary>
    public async IAsyncEnumerable<EffectiveSecurityAdminRule> ListEffectiveSecurityAdminRulesAsync(string virtualNetworkId,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? skipToken = null;
        do
        {
            var body = new Dictionary<string, string?> { ["skipToken"] = skipToken };
            var page = await rest.SendAsync<EffectiveSecurityAdminRulePage>(RequestMethod.Post, $"{virtualNetworkId}/listNetworkManagerEffectiveSecurityAdminRules",
                ApiVersion, body, [new("$top", "20")], cancellationToken: cancellationToken) ?? new EffectiveSecurityAdminRulePage();
            foreach (var rule in page.Value)
                yield return rule;
            skipToken = string.IsNullOrEmpty(page.SkipToken) ? null : page.SkipToken;
        }
        while (skipToken is not null);
    }

    /// <summary>Azure's merged view of the NSGs on a NIC (a long-running POST: 200, or 202 and its Location).</summary>
    public async Task<EffectiveNetworkSecurityGroupList> ListEffectiveNetworkSecurityGroupsAsync(string networkInterfaceId, CancellationToken cancellationToken = default)
        => await rest.PostForResultAsync<EffectiveNetworkSecurityGroupList>($"{networkInterfaceId}/effectiveNetworkSecurityGroups", ApiVersion, null, MaxPollDelay, cancellationToken)
            ?? new EffectiveNetworkSecurityGroupList();

    /// <summary>Network Watcher's verdict on one flow (200, or 202 and its Location).</summary>
    public async Task<IpFlowVerifyResult> VerifyIpFlowAsync(string networkWatcherId, IpFlowVerifyRequest request, CancellationToken cancellationToken = default)
        => await rest.PostForResultAsync<IpFlowVerifyResult>($"{networkWatcherId}/ipFlowVerify", ApiVersion, request, MaxPollDelay, cancellationToken)
            ?? new IpFlowVerifyResult();

    // ARM suggests Retry-After: 3 for rule writes; never wait longer than this between polls.
    private static readonly TimeSpan MaxPollDelay = TimeSpan.FromSeconds(5);

    private static string ProviderPath(string subscriptionId, string type)
        => $"/subscriptions/{Uri.EscapeDataString(subscriptionId)}/providers/Microsoft.Network/{type}";

    private static string RulePath(string networkSecurityGroupId, string ruleName)
        => $"{networkSecurityGroupId}/securityRules/{Uri.EscapeDataString(ruleName)}";
}
