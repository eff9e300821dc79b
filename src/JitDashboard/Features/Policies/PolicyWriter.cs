using Azure;
using JitDashboard.Platform.Arm;
using JitDashboard.Platform.Arm.Models;

namespace JitDashboard.Features.Policies;

/// <summary>
/// Writes one policy: GET, merge, re-GET and compare (merge again if someone else wrote), PUT once (DELETE when a
/// remove leaves it empty), then re-read to check every VM. Never drops VMs it was not asked to change.
/// </summary>
public sealed class PolicyWriter(IJitPolicyStore security, PolicyWriterOptions options)
{
    public PolicyWriter(SecurityClient security, PolicyWriterOptions options)
        : this(new ArmJitPolicyStore(security), options)
    {
    }

    public Task<PolicyWriteResult> ApplyAsync(JitPolicyId key, IReadOnlyList<JitVirtualMachine> vms, CancellationToken ct) =>
        WithRetriesAsync(key, vms.Select(v => v.Id).ToList(), counters => ApplyOnceAsync(key, vms, counters, ct),
            (policy, error) => vms.Select(v => PolicyMerge.Covers(policy, v) ? new VmOutcome(v.Id, true, null) : new VmOutcome(v.Id, false, error)).ToList(), ct);

    public Task<PolicyWriteResult> RemoveAsync(JitPolicyId key, IReadOnlyList<string> vmIds, CancellationToken ct) =>
        WithRetriesAsync(key, vmIds, counters => RemoveOnceAsync(key, vmIds, counters, ct),
            (policy, error) => vmIds.Select(id => policy is null || PolicyMerge.Find(policy, id) is null ? new VmOutcome(id, true, null) : new VmOutcome(id, false, error)).ToList(), ct);

    private async Task<IReadOnlyList<VmOutcome>> ApplyOnceAsync(JitPolicyId key, IReadOnlyList<JitVirtualMachine> vms, Counters counters, CancellationToken ct)
    {
        var current = await GetAsync(key, counters, ct);
        if (vms.All(v => PolicyMerge.Covers(current, v)))
            return Verify(current, vms);

        var merged = await MergeUntilStableAsync(key, current, c => PolicyMerge.Apply(c, vms), counters, ct);
        await PutAsync(key, merged.Policy, merged.VirtualMachines, counters, ct);
        var after = await GetAsync(key, counters, ct);
        return Verify(after, vms);
    }

    private async Task<IReadOnlyList<VmOutcome>> RemoveOnceAsync(JitPolicyId key, IReadOnlyList<string> vmIds, Counters counters, CancellationToken ct)
    {
        var current = await GetAsync(key, counters, ct);
        if (current is null || vmIds.All(id => PolicyMerge.Find(current, id) is null))
            return vmIds.Select(id => new VmOutcome(id, true, null)).ToList();

        var merged = await MergeUntilStableAsync(key, current, c => PolicyMerge.Remove(c, vmIds).VirtualMachines, counters, ct);
        if (merged.VirtualMachines.Count == 0)
        {
            counters.Writes++;
            await security.DeleteAsync(key, ct);
        }
        else
        {
            await PutAsync(key, merged.Policy, merged.VirtualMachines, counters, ct);
        }
        var after = await GetAsync(key, counters, ct);
        return vmIds.Select(id => PolicyMerge.Find(after, id) is null
            ? new VmOutcome(id, true, null)
            : new VmOutcome(id, false, "VerificationFailed: the VM is still in the policy after the write.")).ToList();
    }

    /// <summary>
    /// Merges, then re-reads just before writing: if the policy changed since the read the merge was based on,
    /// someone else wrote it, so merge again from the fresh copy rather than overwrite their change.
    /// </summary>
    private async Task<(JitNetworkAccessPolicy? Policy, IReadOnlyList<JitVirtualMachine> VirtualMachines)> MergeUntilStableAsync(
        JitPolicyId key, JitNetworkAccessPolicy? current, Func<JitNetworkAccessPolicy?, IReadOnlyList<JitVirtualMachine>> merge, Counters counters, CancellationToken ct)
    {
        for (var round = 0; ; round++)
        {
            var merged = merge(current);
            var fresh = await GetAsync(key, counters, ct);
            if (PolicyMerge.SameVirtualMachines(current, fresh) || round >= options.MaxRemerges)
                return (fresh, PolicyMerge.SameVirtualMachines(current, fresh) ? merged : merge(fresh));
            counters.Remerges++;
            current = fresh;
        }
    }

    private async Task PutAsync(JitPolicyId key, JitNetworkAccessPolicy? basis, IReadOnlyList<JitVirtualMachine> vms, Counters counters, CancellationToken ct)
    {
        var policy = new JitNetworkAccessPolicy
        {
            Kind = basis?.Kind ?? "Basic",
            Properties = new JitNetworkAccessPolicyProperties { VirtualMachines = vms },
        };
        // ARM refuses bodies over 4 MB (413 RequestContentTooLarge); the planner splits big policies, this is the last guard.
        var size = PolicySize.Of(policy);
        if (size > PolicySize.MaxBytes)
            throw new PolicyTooLargeException($"The policy body would be {size:N0} bytes; ARM takes at most {PolicySize.MaxBytes:N0}. Apply to fewer VMs at once, or split them across policies.");
        counters.Writes++;
        await security.PutAsync(key, policy, ct);
    }

    private async Task<JitNetworkAccessPolicy?> GetAsync(JitPolicyId key, Counters counters, CancellationToken ct)
    {
        counters.Reads++;
        return await security.GetAsync(key, ct);
    }

    private static List<VmOutcome> Verify(JitNetworkAccessPolicy? policy, IReadOnlyList<JitVirtualMachine> vms) =>
        vms.Select(v => PolicyMerge.Covers(policy, v)
            ? new VmOutcome(v.Id, true, null)
            : new VmOutcome(v.Id, false, "VerificationFailed: the VM is not in the policy with the planned ports after the write.")).ToList();

    private async Task<PolicyWriteResult> WithRetriesAsync(
        JitPolicyId key, IReadOnlyList<string> vmIds, Func<Counters, Task<IReadOnlyList<VmOutcome>>> once,
        Func<JitNetworkAccessPolicy?, string, IReadOnlyList<VmOutcome>> settle, CancellationToken ct)
    {
        var counters = new Counters();
        var delay = options.Backoff;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var outcomes = await once(counters);
                return new PolicyWriteResult(key, outcomes, attempt, counters.Writes, counters.Reads, counters.Remerges);
            }
            catch (Exception ex) when (!ct.IsCancellationRequested && ArmRequestException.IsTransient(ex) && attempt < options.MaxAttempts)
            {
                // The SDK already retried with Retry-After; this is a further, capped backoff for a bad patch.
                await Task.Delay(delay, ct);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, options.MaxBackoff.Ticks));
            }
            catch (Exception ex) when (!ct.IsCancellationRequested && ex is ArmRequestException or PolicyTooLargeException)
            {
                var error = Describe(ex);
                // A write whose answer timed out may still have landed (ARM carries on after the client gives up):
                // one last read reports what is true rather than a failure that did not happen.
                try
                {
                    var now = await GetAsync(key, counters, ct);
                    return new PolicyWriteResult(key, settle(now, error), attempt, counters.Writes, counters.Reads, counters.Remerges);
                }
                catch (ArmRequestException) when (!ct.IsCancellationRequested)
                {
                    return new PolicyWriteResult(key, vmIds.Select(id => new VmOutcome(id, false, error)).ToList(), attempt, counters.Writes, counters.Reads, counters.Remerges);
                }
            }
        }
    }

    /// <summary>ARM's error code and message when there is one, and for refusals a person can act on, the fix.</summary>
    public static string Describe(Exception ex) => ex switch
    {
        PolicyTooLargeException large => $"RequestContentTooLarge: {large.Message}",
        ArmRequestException arm => DescribeFailure(arm.Failure),
        _ => $"{ex.GetType().Name}: {ex.Message}",
    };

    private static string DescribeFailure(ArmFailure failure) => failure.Kind switch
    {
        ArmFailureKind.Forbidden or ArmFailureKind.LinkedAuthorizationFailed or ArmFailureKind.PolicyDenied or ArmFailureKind.TooLarge
            or ArmFailureKind.SubscriptionDisabled or ArmFailureKind.SubscriptionNotFound or ArmFailureKind.NotRegistered
            => $"{failure.Describe()} Fix: {failure.Fix}",
        _ => failure.Describe(),
    };

    private sealed class Counters
    {
        public int Writes;
        public int Reads;
        public int Remerges;
    }
}
