using JitDashboard.UnitTests.Features.Audit;
using JitDashboard.Features.Audit;
using JitDashboard.Platform.Audit;

namespace JitDashboard.UnitTests.Platform.Audit;

public sealed class AuditHashTests
{
    private static readonly DateTimeOffset When = new(2026, 3, 4, 5, 6, 7, 890, TimeSpan.Zero);

    private static AuditEvent Sample(string previousHash = "") => new()
    {
        Id = 7,
        OccurredAt = When.AddTicks(1230),
        Actor = "alice@contoso.com",
        ActorKind = AuditActorKind.User,
        Action = AuditActions.JitPolicyApplied,
        Target = "vm1",
        Outcome = AuditOutcome.Succeeded,
        Details = "{\"ports\":[22]}",
        PreviousHash = previousHash.Length == 0 ? AuditHash.GenesisHash : previousHash,
        Hash = string.Empty,
    };

    [Fact]
    public void Compute_KnownEvent_MatchesTheDocumentedEncoding()
    {
        // Independently computed (Python hashlib) from the encoding in AuditHash's remarks:
        // tag, then each field as 4-byte big-endian length + UTF-8.
        Assert.Equal("1a7fb9275ea77e397c17db30d9a2fb9c706b2869266633b3d87c751b2af976d4", AuditHash.Compute(Sample()));
    }

    [Fact]
    public void Compute_SameContent_SameLowerCaseHexHash()
    {
        var hash = AuditHash.Compute(Sample());

        Assert.Equal(hash, AuditHash.Compute(Sample()));
        Assert.Matches("^[0-9a-f]{64}$", hash);
    }

    public static TheoryData<string> Mutations => new()
    {
        "Id", "OccurredAt", "Actor", "ActorKind", "Action", "Target", "Outcome", "Details", "PreviousHash",
    };

    [Theory]
    [MemberData(nameof(Mutations))]
    public void Compute_AnyFieldChanged_ChangesTheHash(string field)
    {
        var e = Sample();
        var changed = field switch
        {
            "Id" => Copy(e, id: 8),
            "OccurredAt" => Copy(e, occurredAt: e.OccurredAt.AddTicks(10)),
            "Actor" => Copy(e, actor: "alice@contoso.co"),
            "ActorKind" => Copy(e, actorKind: AuditActorKind.Automation),
            "Action" => Copy(e, action: AuditActions.JitPolicyRemoved),
            "Target" => Copy(e, target: "vm2"),
            "Outcome" => Copy(e, outcome: AuditOutcome.Failed),
            "Details" => Copy(e, details: "{\"ports\":[23]}"),
            "PreviousHash" => Copy(e, previousHash: new string('1', 64)),
            _ => throw new ArgumentOutOfRangeException(nameof(field)),
        };

        Assert.NotEqual(AuditHash.Compute(e), AuditHash.Compute(changed));
    }

    [Fact]
    public void Compute_TextMovedBetweenAdjacentFields_ChangesTheHash()
    {
        // Without length prefixes "ab" + "c" and "a" + "bc" would encode alike.
        var e = Sample();
        var a = Copy(e, actor: "alice@contoso.com|x", action: "jit");
        var b = Copy(e, actor: "alice@contoso.com", action: "|xjit");

        Assert.NotEqual(AuditHash.Compute(a), AuditHash.Compute(b));
        Assert.NotEqual(AuditHash.Compute(Copy(e, target: "", details: "x")), AuditHash.Compute(Copy(e, target: "x", details: "")));
    }

    [Fact]
    public void Compute_SameInstantInAnotherOffset_SameHash()
    {
        var e = Sample();
        Assert.Equal(AuditHash.Compute(e), AuditHash.Compute(Copy(e, occurredAt: e.OccurredAt.ToOffset(TimeSpan.FromHours(-5)))));
    }

    [Fact]
    public void Normalize_TruncatesToMicrosecondsInUtc()
    {
        var local = new DateTimeOffset(2026, 3, 4, 7, 6, 7, TimeSpan.FromHours(2)).AddTicks(1_234_567);

        var normalized = AuditHash.Normalize(local);

        Assert.Equal(TimeSpan.Zero, normalized.Offset);
        Assert.Equal(new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero).AddTicks(1_234_560), normalized);
        Assert.Equal("2026-03-04T05:06:07.123456Z", AuditHash.FormatTimestamp(normalized));
        Assert.Equal("2026-03-04T05:06:07.000000Z", AuditHash.FormatTimestamp(new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero)));
    }

    [Fact]
    public void GenesisHash_IsSixtyFourZeros() => Assert.Equal(new string('0', 64), AuditHash.GenesisHash);

    internal static AuditEvent Copy(
        AuditEvent e,
        long? id = null,
        DateTimeOffset? occurredAt = null,
        string? actor = null,
        AuditActorKind? actorKind = null,
        string? action = null,
        string? target = null,
        AuditOutcome? outcome = null,
        string? details = null,
        string? previousHash = null,
        string? hash = null) => new()
        {
            Id = id ?? e.Id,
            OccurredAt = occurredAt ?? e.OccurredAt,
            Actor = actor ?? e.Actor,
            ActorKind = actorKind ?? e.ActorKind,
            Action = action ?? e.Action,
            Target = target ?? e.Target,
            Outcome = outcome ?? e.Outcome,
            Details = details ?? e.Details,
            PreviousHash = previousHash ?? e.PreviousHash,
            Hash = hash ?? e.Hash,
        };
}
