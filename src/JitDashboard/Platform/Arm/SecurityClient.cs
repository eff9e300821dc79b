using Azure.Core;
using JitDashboard.Platform.Arm.Models;
using Microsoft.Extensions.Options;

namespace JitDashboard.Platform.Arm;

/// <summary>Microsoft.Security (JIT policies, assessments, secure score) through the ArmClient's pipeline.</summary>
public sealed class SecurityClient(ArmRestClient rest, IOptions<ArmOptions> options)
{
    private ArmApiVersions Versions => options.Value.ApiVersions;

    // JIT network access policies: the four list scopes.
    public IAsyncEnumerable<JitNetworkAccessPolicy> ListJitPoliciesAsync(string subscriptionId, CancellationToken cancellationToken = default)
        => rest.ListAsync<JitNetworkAccessPolicy>($"{Sub(subscriptionId)}/providers/Microsoft.Security/jitNetworkAccessPolicies", Versions.Jit, cancellationToken: cancellationToken);

    public IAsyncEnumerable<JitNetworkAccessPolicy> ListJitPoliciesByRegionAsync(string subscriptionId, string location, CancellationToken cancellationToken = default)
        => rest.ListAsync<JitNetworkAccessPolicy>($"{Sub(subscriptionId)}/providers/Microsoft.Security/locations/{E(location)}/jitNetworkAccessPolicies", Versions.Jit, cancellationToken: cancellationToken);

    public IAsyncEnumerable<JitNetworkAccessPolicy> ListJitPoliciesByResourceGroupAsync(string subscriptionId, string resourceGroup, CancellationToken cancellationToken = default)
        => rest.ListAsync<JitNetworkAccessPolicy>($"{Rg(subscriptionId, resourceGroup)}/providers/Microsoft.Security/jitNetworkAccessPolicies", Versions.Jit, cancellationToken: cancellationToken);

    public IAsyncEnumerable<JitNetworkAccessPolicy> ListJitPoliciesByResourceGroupAndRegionAsync(string subscriptionId, string resourceGroup, string location, CancellationToken cancellationToken = default)
        => rest.ListAsync<JitNetworkAccessPolicy>($"{Rg(subscriptionId, resourceGroup)}/providers/Microsoft.Security/locations/{E(location)}/jitNetworkAccessPolicies", Versions.Jit, cancellationToken: cancellationToken);

    /// <summary>The policy, or null when it does not exist.</summary>
    public Task<JitNetworkAccessPolicy?> GetJitPolicyAsync(string subscriptionId, string resourceGroup, string location, string policyName = "default", CancellationToken cancellationToken = default)
        => rest.SendAsync<JitNetworkAccessPolicy>(RequestMethod.Get, PolicyPath(subscriptionId, resourceGroup, location, policyName), Versions.Jit, nullOn404: true, cancellationToken: cancellationToken);

    /// <summary>PUTs the policy. It replaces the whole <c>virtualMachines</c> array: read and merge first.</summary>
    public async Task<JitNetworkAccessPolicy> CreateOrUpdateJitPolicyAsync(string subscriptionId, string resourceGroup, string location, string policyName, JitNetworkAccessPolicy policy, CancellationToken cancellationToken = default)
    {
        // Only what ARM accepts on write: kind and properties (no read-only requests or provisioning state).
        var body = new JitNetworkAccessPolicy
        {
            Kind = policy.Kind ?? "Basic",
            Properties = new JitNetworkAccessPolicyProperties { VirtualMachines = policy.Properties.VirtualMachines },
        };
        return await rest.SendAsync<JitNetworkAccessPolicy>(RequestMethod.Put, PolicyPath(subscriptionId, resourceGroup, location, policyName), Versions.Jit, body, cancellationToken: cancellationToken)
            ?? body;
    }

    /// <summary>Deletes the policy; false when it did not exist (204).</summary>
    public async Task<bool> DeleteJitPolicyAsync(string subscriptionId, string resourceGroup, string location, string policyName = "default", CancellationToken cancellationToken = default)
        => await rest.SendWithoutBodyAsync(RequestMethod.Delete, PolicyPath(subscriptionId, resourceGroup, location, policyName), Versions.Jit, cancellationToken) != 204;

    /// <summary>Requests access (202 with the request, ports <c>Initiating</c>).</summary>
    public async Task<JitRequest> InitiateJitAccessAsync(string subscriptionId, string resourceGroup, string location, string policyName, JitInitiateRequest request, CancellationToken cancellationToken = default)
        => await rest.SendAsync<JitRequest>(RequestMethod.Post, $"{PolicyPath(subscriptionId, resourceGroup, location, policyName)}/initiate", Versions.Jit, request, cancellationToken: cancellationToken)
            ?? throw new InvalidOperationException("ARM accepted the JIT request but returned no body.");

    // Assessments.
    public IAsyncEnumerable<Assessment> ListAssessmentsAsync(string subscriptionId, CancellationToken cancellationToken = default)
        => rest.ListAsync<Assessment>($"{Sub(subscriptionId)}/providers/Microsoft.Security/assessments", Versions.Assessments, cancellationToken: cancellationToken);

    /// <summary>The assessment of one resource by assessment key, or null when absent.</summary>
    public Task<Assessment?> GetAssessmentAsync(string resourceId, string assessmentKey, CancellationToken cancellationToken = default)
        => rest.SendAsync<Assessment>(RequestMethod.Get, $"{resourceId}/providers/Microsoft.Security/assessments/{E(assessmentKey)}", Versions.Assessments, nullOn404: true, cancellationToken: cancellationToken);

    // Secure score.
    public IAsyncEnumerable<SecureScore> ListSecureScoresAsync(string subscriptionId, CancellationToken cancellationToken = default)
        => rest.ListAsync<SecureScore>($"{Sub(subscriptionId)}/providers/Microsoft.Security/secureScores", Versions.Security, cancellationToken: cancellationToken);

    public IAsyncEnumerable<SecureScoreControl> ListSecureScoreControlsAsync(string subscriptionId, bool expandDefinition = false, CancellationToken cancellationToken = default)
        => rest.ListAsync<SecureScoreControl>(
            $"{Sub(subscriptionId)}/providers/Microsoft.Security/secureScoreControls",
            Versions.Security,
            expandDefinition ? [new("$expand", "definition")] : null,
            cancellationToken);

    // Defender plans: JIT needs Defender for Servers Plan 2.
    public IAsyncEnumerable<Pricing> ListPricingsAsync(string subscriptionId, CancellationToken cancellationToken = default)
        => rest.ListAsync<Pricing>($"{Sub(subscriptionId)}/providers/Microsoft.Security/pricings", Versions.Pricings, cancellationToken: cancellationToken);

    private static string E(string segment) => Uri.EscapeDataString(segment);

    private static string Sub(string subscriptionId) => $"/subscriptions/{E(subscriptionId)}";

    private static string Rg(string subscriptionId, string resourceGroup) => $"{Sub(subscriptionId)}/resourceGroups/{E(resourceGroup)}";

    private static string PolicyPath(string subscriptionId, string resourceGroup, string location, string policyName)
        => $"{Rg(subscriptionId, resourceGroup)}/providers/Microsoft.Security/locations/{E(location)}/jitNetworkAccessPolicies/{E(policyName)}";
}
