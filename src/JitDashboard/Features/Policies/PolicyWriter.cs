using Azure;
using JitDashboard.Platform.Arm;
using JitDashboard.Platform.Arm.Models;

namespace JitDashboard.Features.Policies;

/// <summary>
/// Writes one policy with what ARM needs and no more: a permit from the subscription's <see cref="ArmWriteBudget"/>
/// (taken before the read, so that the read and the write stay one round trip apart however busy the bucket is),
/// GET (404: none), merge (<see cref="PolicyMerge"/>: every other VM kept as read), one PUT (DELETE when a remove
/// empties it), and the check of every VM against the policy ARM answered the PUT with. Never writes a policy it
/// could not read; never drops VMs it was not asked to change.
/// </summary>
public sealed class PolicyWriter(IJitPolicyStore security, PolicyWriterOptions options, ArmWriteBudget? budget = null)
{
    public PolicyWriter(SecurityClient security, PolicyWriterOptions options, ArmWriteBudget? budget = null)
        : this(new ArmJitPolicyStore(security), options, budget)
    {
    }

    public Task<PolicyWriteResult> ApplyAsync(JitPolicyId key, IReadOnlyList<JitVirtualMachine> vms, CancellationToken ct) =>
        WithRetriesAsync(key, vms.Select(v => v.Id).ToList(), counters => ApplyOnceAsync(key, vms, counters, ct),
            (policy, error) => vms.Select(v => PolicyMerge.Covers(policy, v) ? new VmOutcome(v.Id, true, null) : new VmOutcome(v.Id, false, error)).ToList(), ct);

    public Task<PolicyWriteResult> RemoveAsync(JitPolicyId key, IReadOnlyList<string> vmIds, CancellationToken ct) =>
        WithRetriesAsync(key, vmIds, counters => RemoveOnceAsync(key, vmIds, counters, ct),
            (policy, error) => vmIds.Select(id => policy is null || PolicyMerge.Find(policy, id) is null ? new VmOutcome(id, true, null) : new VmOutcome(id, false, error)).ToList(), ct);

    private async Task<(IReadOnlyList<VmOutcome>, JitNetworkAccessPolicy?)> ApplyOnceAsync(JitPolicyId key, IReadOnlyList<JitVirtualMachine> vms, Counters counters, CancellationToken ct)
    {
        using var permit = await AcquireAsync(key, ct);
        var current = await GetAsync(key, counters, ct);
        if (vms.All(v => PolicyMerge.Covers(current, v)))
        {
            permit?.Refund();
            return (Verify(current, vms), current);
        }

        var answer = await PutAsync(key, current, PolicyMerge.Apply(current, vms), counters, ct);
        return (Verify(answer, vms), answer);
    }

    private async Task<(IReadOnlyList<VmOutcome>, JitNetworkAccessPolicy?)> RemoveOnceAsync(JitPolicyId key, IReadOnlyList<string> vmIds, Counters counters, CancellationToken ct)
    {
        using var permit = await AcquireAsync(key, ct);
        var current = await GetAsync(key, counters, ct);
        if (current is null || vmIds.All(id => PolicyMerge.Find(current, id) is null))
        {
            permit?.Refund();
            return (vmIds.Select(id => new VmOutcome(id, true, null)).ToList(), current);
        }

        var remaining = PolicyMerge.Remove(current, vmIds).VirtualMachines;
        JitNetworkAccessPolicy? after = null;
        if (remaining.Count == 0)
        {
            counters.Writes++;
            await security.DeleteAsync(key, ct);
        }
        else
        {
            after = await PutAsync(key, current, remaining, counters, ct);
        }
        return (vmIds.Select(id => PolicyMerge.Find(after, id) is null
            ? new VmOutcome(id, true, null)
            : new VmOutcome(id, false, "VerificationFailed: the VM is still in the policy after the write.")).ToList(), after);
    }

    private async Task<ArmWritePermit?> AcquireAsync(JitPolicyId key, CancellationToken ct) =>
        budget is null ? null : await budget.AcquireAsync(key.SubscriptionId, options.MaxInFlightPerSubscription, ct);

    /// <summary>The PUT; returns the policy ARM answered with (what is now stored), re-read when the answer had none.</summary>
    private async Task<JitNetworkAccessPolicy?> PutAsync(JitPolicyId key, JitNetworkAccessPolicy? basis, IReadOnlyList<JitVirtualMachine> vms, Counters counters, CancellationToken ct)
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
        return await security.PutAsync(key, policy, ct) ?? await GetAsync(key, counters, ct);
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
        JitPolicyId key, IReadOnlyList<string> vmIds, Func<Counters, Task<(IReadOnlyList<VmOutcome>, JitNetworkAccessPolicy?)>> once,
        Func<JitNetworkAccessPolicy?, string, IReadOnlyList<VmOutcome>> settle, CancellationToken ct)
    {
        var counters = new Counters();
        var delay = options.Backoff;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var (outcomes, answered) = await once(counters);
                return new PolicyWriteResult(key, outcomes, attempt, counters.Writes, counters.Reads) { Answered = answered };
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
                    return new PolicyWriteResult(key, settle(now, error), attempt, counters.Writes, counters.Reads) { Answered = now };
                }
                catch (ArmRequestException) when (!ct.IsCancellationRequested)
                {
                    return new PolicyWriteResult(key, vmIds.Select(id => new VmOutcome(id, false, error)).ToList(), attempt, counters.Writes, counters.Reads);
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
    }
}
