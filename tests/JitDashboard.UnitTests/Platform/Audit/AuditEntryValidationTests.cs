using JitDashboard.UnitTests.Features.Audit;
using JitDashboard.Features.Audit;
using JitDashboard.Platform.Audit;

namespace JitDashboard.UnitTests.Platform.Audit;

public sealed class AuditEntryValidationTests
{
    private static AuditEntry Valid => new("alice@contoso.com", AuditActorKind.User, AuditActions.AccessRequestFiled, "vm1", AuditOutcome.Succeeded);

    [Fact]
    public void Validate_Minimal_FillsEmptyTargetAndDetails()
    {
        var n = AuditEntryValidation.Validate(Valid with { Target = null });

        Assert.Equal(string.Empty, n.Target);
        Assert.Equal("{}", n.Details);
        Assert.Equal("alice@contoso.com", n.Actor);
    }

    [Fact]
    public void Validate_Details_AreSerialisedAsJson()
    {
        var n = AuditEntryValidation.Validate(Valid with { Details = new Dictionary<string, object> { ["ports"] = new[] { 22 }, ["line"] = "a\nb" } });

        Assert.Equal("{\"ports\":[22],\"line\":\"a\\nb\"}", n.Details);
    }

    [Fact]
    public void Validate_AtTheLimits_Passes()
    {
        var n = AuditEntryValidation.Validate(Valid with
        {
            Actor = new string('a', AuditLimits.ActorMaxLength),
            Action = new string('b', AuditLimits.ActionMaxLength),
            Target = new string('c', AuditLimits.TargetMaxLength),
            Details = new { s = new string('d', AuditLimits.DetailsMaxLength - 8) }, // {"s":"..."} adds 8
        });

        Assert.Equal(AuditLimits.DetailsMaxLength, n.Details.Length);
    }

    public static TheoryData<string, AuditEntry> Invalid => new()
    {
        { "Actor is required", Valid with { Actor = "" } },
        { "Actor is required", Valid with { Actor = "   " } },
        { "Actor is 257 characters; the limit is 256", Valid with { Actor = new string('a', 257) } },
        { "Actor contains a control character (U+000A)", Valid with { Actor = "alice\nforged line" } },
        { "Actor contains a control character (U+202E)", Valid with { Actor = "alice\u202Emoc" } },
        { "Action is required", Valid with { Action = "" } },
        { "Action is 101 characters; the limit is 100", Valid with { Action = new string('a', 101) } },
        { "must be lower-case letters and digits", Valid with { Action = "Jit.Policy" } },
        { "must be lower-case letters and digits", Valid with { Action = "jit policy" } },
        { "must be lower-case letters and digits", Valid with { Action = "jit..policy" } },
        { "Target is 1025 characters; the limit is 1024", Valid with { Target = new string('t', 1025) } },
        { "Target contains a control character (U+0000)", Valid with { Target = "vm\0" } },
        { "ActorKind 42 is not defined", Valid with { ActorKind = (AuditActorKind)42 } },
        { "Outcome 42 is not defined", Valid with { Outcome = (AuditOutcome)42 } },
        { "Details serialise to 8193 characters; the limit is 8192", Valid with { Details = new { s = new string('d', AuditLimits.DetailsMaxLength - 7) } } },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Validate_BadInput_ThrowsArgumentExceptionSayingWhy(string expected, AuditEntry entry)
    {
        var ex = Assert.Throws<ArgumentException>(() => AuditEntryValidation.Validate(entry));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.Equal("entry", ex.ParamName);
    }
}
