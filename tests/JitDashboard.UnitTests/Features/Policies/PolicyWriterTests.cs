using Azure;
using JitDashboard.Platform.Arm;
using JitDashboard.Platform.Arm.Models;
using JitDashboard.Features.Policies;
using static JitDashboard.UnitTests.Features.Policies.PolicyTestData;

namespace JitDashboard.UnitTests.Features.Policies;

public sealed class PolicyWriterTests
{
    private static readonly JitPolicyId Key = new(Sub, "rg-a", "westeurope");

    /// <summary>An in-memory policy with hooks to play a concurrent writer or a failing ARM.</summary>
    private sealed class FakeStore : IJitPolicyStore
    {
        public JitNetworkAccessPolicy? Policy { get; set; }
        public int Gets { get; private set; }
        public int Puts { get; private set; }
        public int Deletes { get; private set; }
        public Action<int>? OnGet { get; set; }
        public Func<int, Exception?>? FailPut { get; set; }

        /// <summary>When set, what ARM answers the PUT with (else the policy as stored).</summary>
        public Func<JitNetworkAccessPolicy, JitNetworkAccessPolicy?>? Answer { get; set; }

        public Task<JitNetworkAccessPolicy?> GetAsync(JitPolicyId key, CancellationToken ct)
        {
            Gets++;
            OnGet?.Invoke(Gets);
            return Task.FromResult(Policy);
        }

        public Task<JitNetworkAccessPolicy?> PutAsync(JitPolicyId key, JitNetworkAccessPolicy policy, CancellationToken ct)
        {
            Puts++;
            if (FailPut?.Invoke(Puts) is { } ex) throw ex;
            Policy = policy;
            return Task.FromResult(Answer is null ? policy : Answer(policy));
        }

        public Task DeleteAsync(JitPolicyId key, CancellationToken ct)
        {
            Deletes++;
            Policy = null;
            return Task.CompletedTask;
        }
    }

    private static PolicyWriter Writer(FakeStore store, int attempts = 3) => new(store, new PolicyWriterOptions { MaxAttempts = attempts, Backoff = TimeSpan.FromMilliseconds(1) });

    [Fact]
    public async Task Apply_OneWrite_KeepsOthers_AndVerifies()
    {
        var store = new FakeStore { Policy = Policy(Vm(VmId("rg-a", "keep"), 22)) };

        var result = await Writer(store).ApplyAsync(Key, [Vm(VmId("rg-a", "a"), 22), Vm(VmId("rg-a", "b"), 3389)], default);

        Assert.All(result.Vms, v => Assert.True(v.Succeeded));
        Assert.Equal(1, store.Puts);
        Assert.Equal(3, store.Policy!.Properties.VirtualMachines.Count);
    }

    [Fact]
    public async Task Apply_OneReadOneWrite_CheckedAgainstThePutsAnswer()
    {
        var store = new FakeStore { Policy = Policy(Vm(VmId("rg-a", "keep"), 22)) };

        var result = await Writer(store).ApplyAsync(Key, [Vm(VmId("rg-a", "mine"), 22)], default);

        Assert.True(Assert.Single(result.Vms).Succeeded);
        Assert.Equal((1, 1), (store.Gets, store.Puts));
        Assert.Equal((1, 1), (result.Reads, result.Writes));

        // ARM answered with a policy that lacks the VM (someone else's write landed): reported, not assumed.
        var clobbered = new FakeStore { Answer = _ => Policy(Vm(VmId("rg-a", "theirs"), 22)) };
        var failed = await Writer(clobbered).ApplyAsync(Key, [Vm(VmId("rg-a", "mine"), 22)], default);
        Assert.StartsWith("VerificationFailed", Assert.Single(failed.Vms).Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_TakesAPermitBeforeTheRead_AndGivesItBackWhenNothingIsWritten()
    {
        var budget = new ArmWriteBudget(new Microsoft.Extensions.Time.Testing.FakeTimeProvider(), capacity: 5, refillPerSecond: 1);
        var store = new FakeStore { Policy = Policy(Vm(VmId("rg-a", "a"), 22)) };
        var writer = new PolicyWriter(store, new PolicyWriterOptions(), budget);

        await writer.ApplyAsync(Key, [Vm(VmId("rg-a", "a"), 22)], default);
        Assert.Equal(5, budget.TokensOf(Sub), 3);

        await writer.ApplyAsync(Key, [Vm(VmId("rg-a", "b"), 22)], default);
        Assert.Equal(4, budget.TokensOf(Sub), 3);

        // The bucket is empty: the writer waits before reading, so it never reads a policy it cannot write now.
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var empty = new ArmWriteBudget(time, capacity: 1, refillPerSecond: 1);
        var gets = store.Gets;
        Task<PolicyWriteResult> waiting;
        using (await empty.AcquireAsync(Sub, 10, default))
        {
            waiting = new PolicyWriter(store, new PolicyWriterOptions(), empty).ApplyAsync(Key, [Vm(VmId("rg-a", "c"), 22)], default);
            Assert.False(waiting.IsCompleted);
            Assert.Equal(gets, store.Gets);
        }
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(Assert.Single((await waiting).Vms).Succeeded);
        Assert.Equal(gets + 1, store.Gets);
    }

    [Fact]
    public async Task Apply_AlreadyCovered_WritesNothing()
    {
        var store = new FakeStore { Policy = Policy(Vm(VmId("rg-a", "a"), 22)) };
        var result = await Writer(store).ApplyAsync(Key, [Vm(VmId("rg-a", "a"), 22)], default);
        Assert.True(Assert.Single(result.Vms).Succeeded);
        Assert.Equal(0, store.Puts);
    }

    [Fact]
    public async Task Apply_TransientFailure_IsRetried_PersistentOneReportsArmError()
    {
        var store = new FakeStore { FailPut = n => n == 1 ? new ArmRequestException(429, "TooManyRequests", "Slow down", "PUT", "/p") : null };
        var ok = await Writer(store).ApplyAsync(Key, [Vm(VmId("rg-a", "a"), 22)], default);
        Assert.True(Assert.Single(ok.Vms).Succeeded);
        Assert.Equal(2, ok.Attempts);

        var failing = new FakeStore { FailPut = _ => new ArmRequestException(500, "InternalServerError", "Boom", "PUT", "/p") };
        var failed = await Writer(failing, attempts: 2).ApplyAsync(Key, [Vm(VmId("rg-a", "a"), 22), Vm(VmId("rg-a", "b"), 22)], default);
        Assert.All(failed.Vms, v => Assert.Equal("InternalServerError: Boom", v.Error));
        Assert.Equal(2, failing.Puts);

        var denied = new FakeStore { FailPut = _ => new ArmRequestException(403, "AuthorizationFailed", "No", "PUT", "/p") };
        var deniedResult = await Writer(denied).ApplyAsync(Key, [Vm(VmId("rg-a", "a"), 22)], default);
        Assert.Equal(1, deniedResult.Attempts); // not transient: no retry
        Assert.StartsWith("AuthorizationFailed", Assert.Single(deniedResult.Vms).Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Remove_LastVm_DeletesThePolicy_OtherwisePutsTheRest()
    {
        var a = VmId("rg-a", "a");
        var b = VmId("rg-a", "b");
        var store = new FakeStore { Policy = Policy(Vm(a, 22), Vm(b, 22)) };

        await Writer(store).RemoveAsync(Key, [a], default);
        Assert.Equal((1, 0), (store.Puts, store.Deletes));
        Assert.Equal(b, Assert.Single(store.Policy!.Properties.VirtualMachines).Id);

        var result = await Writer(store).RemoveAsync(Key, [b], default);
        Assert.Equal((1, 1), (store.Puts, store.Deletes));
        Assert.Null(store.Policy);
        Assert.True(Assert.Single(result.Vms).Succeeded);
    }

    [Fact]
    public void Describe_UsesArmCodeAndMessage()
    {
        Assert.Equal("Conflict: busy", PolicyWriter.Describe(new ArmRequestException(409, "Conflict", "busy", "PUT", "/p")));
        // The gateway turns an SDK exception into its own, keeping ARM's status and message.
        Assert.Equal("503: down", PolicyWriter.Describe(ArmBoundary.Translate(new RequestFailedException(503, "down"), "PUT", "/p", CancellationToken.None)!));
        Assert.Equal("Timeout: ARM did not answer in time.", PolicyWriter.Describe(ArmBoundary.Translate(new TaskCanceledException(), "PUT", "/p", CancellationToken.None)!));
    }
}
