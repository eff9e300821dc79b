using JitDashboard.UnitTests.Features.Audit;
using JitDashboard.Features.Audit;
using JitDashboard.Platform.Audit;

namespace JitDashboard.UnitTests.Platform.Audit;

public sealed class AuditChainVerifierTests
{
    private static List<AuditEvent> Chain(int count)
    {
        var events = new List<AuditEvent>();
        var previous = AuditHash.GenesisHash;
        for (var id = 1; id <= count; id++)
        {
            var e = new AuditEvent
            {
                Id = id,
                OccurredAt = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(id),
                Actor = "system",
                ActorKind = AuditActorKind.System,
                Action = AuditActions.AutomationRun,
                Target = $"rule{id}",
                Outcome = AuditOutcome.Succeeded,
                Details = "{}",
                PreviousHash = previous,
                Hash = string.Empty,
            };
            e = AuditHashTests.Copy(e, hash: AuditHash.Compute(e));
            events.Add(e);
            previous = e.Hash;
        }

        return events;
    }

    private static AuditVerification Verify(IEnumerable<AuditEvent> events)
    {
        var verifier = new AuditChainVerifier();
        foreach (var e in events)
        {
            if (verifier.Accept(e) is { } broken)
            {
                return broken;
            }
        }

        return verifier.Result();
    }

    [Fact]
    public void Verify_IntactChain_IsValidWithCountAndHead()
    {
        var chain = Chain(4);

        var result = Verify(chain);

        Assert.True(result.IsValid);
        Assert.Equal(4, result.EventCount);
        Assert.Equal(chain[^1].Hash, result.HeadHash);
        Assert.Null(result.FirstBrokenEventId);
    }

    [Fact]
    public void Verify_Empty_IsValid()
    {
        var result = Verify([]);
        Assert.True(result.IsValid);
        Assert.Equal(0, result.EventCount);
        Assert.Null(result.HeadHash);
    }

    [Fact]
    public void Verify_AlteredContent_NamesThatEvent()
    {
        var chain = Chain(4);
        chain[2] = AuditHashTests.Copy(chain[2], details: "{\"x\":1}");

        var result = Verify(chain);

        Assert.False(result.IsValid);
        Assert.Equal(3, result.FirstBrokenEventId);
        Assert.Equal(AuditChainFailure.ContentHashMismatch, result.Failure);
        Assert.Equal(chain[1].Hash, result.HeadHash);
    }

    [Fact]
    public void Verify_AlteredAndRehashed_NamesTheNextEvent()
    {
        var chain = Chain(4);
        var forged = AuditHashTests.Copy(chain[1], outcome: AuditOutcome.Denied);
        chain[1] = AuditHashTests.Copy(forged, hash: AuditHash.Compute(forged));

        var result = Verify(chain);

        Assert.Equal(3, result.FirstBrokenEventId);
        Assert.Equal(AuditChainFailure.PreviousHashMismatch, result.Failure);
    }

    [Fact]
    public void Verify_MissingMiddleEvent_ReportsAGap()
    {
        var chain = Chain(4);
        chain.RemoveAt(1);

        var result = Verify(chain);

        Assert.Equal(3, result.FirstBrokenEventId);
        Assert.Equal(AuditChainFailure.SequenceGap, result.Failure);
    }

    [Fact]
    public void Verify_MissingFirstEvent_ReportsAGap()
    {
        var result = Verify(Chain(3).Skip(1));

        Assert.Equal(2, result.FirstBrokenEventId);
        Assert.Equal(AuditChainFailure.SequenceGap, result.Failure);
    }

    [Fact]
    public void Verify_FirstEventNotLinkedToGenesis_IsBroken()
    {
        var chain = Chain(2);
        var relinked = AuditHashTests.Copy(chain[0], previousHash: new string('f', 64));
        chain[0] = AuditHashTests.Copy(relinked, hash: AuditHash.Compute(relinked));

        var result = Verify(chain);

        Assert.Equal(1, result.FirstBrokenEventId);
        Assert.Equal(AuditChainFailure.PreviousHashMismatch, result.Failure);
    }
}
