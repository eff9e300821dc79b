using JitDashboard.UnitTests.Platform.Audit;
using JitDashboard.Features.Audit;
using JitDashboard.Platform.Audit;

namespace JitDashboard.UnitTests.Features.Audit;

public sealed class AuditCsvWriterTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("", "")]
    [InlineData(null, "")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("line1\nline2", "\"line1\nline2\"")]
    [InlineData("line1\r\nline2", "\"line1\r\nline2\"")]
    [InlineData("{\"ports\":[22,3389]}", "\"{\"\"ports\"\":[22,3389]}\"")]
    public void EscapeCell_FollowsRfc4180(string? value, string expected) =>
        Assert.Equal(expected, AuditCsvWriter.EscapeCell(value));

    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"")]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+1", "'+1")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\t=1", "'\t=1")]
    [InlineData("  =1", "'  =1")]
    [InlineData("=1,2", "\"'=1,2\"")]
    [InlineData("\uFF1D1", "'\uFF1D1")]
    public void EscapeCell_FormulaLike_IsNeutralised(string value, string expected) =>
        Assert.Equal(expected, AuditCsvWriter.EscapeCell(value));

    [Theory]
    [InlineData("a=b")]
    [InlineData("alice@contoso.com")]
    [InlineData("vm-1")]
    public void EscapeCell_SignsInsideTheText_AreLeftAlone(string value) =>
        Assert.Equal(value, AuditCsvWriter.EscapeCell(value));

    [Fact]
    public async Task WriteAsync_WritesHeaderAndCrlfRecords()
    {
        var e = new AuditEvent
        {
            Id = 1,
            OccurredAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
            Actor = "=cmd|' /C calc'!A0",
            ActorKind = AuditActorKind.User,
            Action = AuditActions.UserSignedIn,
            Target = "vm, \"one\"",
            Outcome = AuditOutcome.Succeeded,
            Details = "{}",
            PreviousHash = AuditHash.GenesisHash,
            Hash = new string('a', 64),
        };
        using var writer = new StringWriter();

        await AuditCsvWriter.WriteAsync(new[] { e }.ToAsyncEnumerable(), writer);

        Assert.Equal(
            "Id,OccurredAt,Actor,ActorKind,Action,Target,Outcome,Details,PreviousHash,Hash\r\n" +
            $"1,2026-01-02T03:04:05.000000Z,'=cmd|' /C calc'!A0,User,user.signed-in,\"vm, \"\"one\"\"\",Succeeded,{{}},{AuditHash.GenesisHash},{new string('a', 64)}\r\n",
            writer.ToString());
    }
}
