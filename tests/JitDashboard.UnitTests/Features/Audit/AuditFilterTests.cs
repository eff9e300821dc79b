using JitDashboard.UnitTests.Platform.Audit;
using JitDashboard.Features.Audit;
using JitDashboard.Platform.Audit;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace JitDashboard.UnitTests.Features.Audit;

public class AuditFilterTests
{
    private static Dictionary<string, StringValues> Query(params (string Key, string Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => new StringValues(p.Value));

    [Fact]
    public void TryParse_GoodValues_BecomeTheQuery()
    {
        var ok = AuditFilter.TryParse(
            Query(("from", "2026-11-01T08:00:00Z"), ("to", "2026-11-02T09:30:00+01:00"), ("actor", " alice "), ("action", "USER.*"), ("target", "web-01")),
            out var filter, out var errors);

        Assert.True(ok);
        Assert.Empty(errors);
        var q = filter!.ToQuery(skip: 100, pageSize: 25);
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero), q.From);
        Assert.Equal(new DateTimeOffset(2026, 11, 2, 8, 30, 0, TimeSpan.Zero), q.To);
        Assert.Equal(TimeSpan.Zero, q.To!.Value.Offset);
        Assert.Equal("alice", q.Actor);
        Assert.Equal("user.*", q.Action);
        Assert.Equal("web-01", q.Target);
        Assert.Null(q.UpToId);
        Assert.Equal(100, q.Skip);
        Assert.Equal(25, q.PageSize);
    }

    [Fact]
    public void TryParse_NothingOrBlanks_IsTheEmptyFilter()
    {
        Assert.True(AuditFilter.TryParse(Query(("actor", "  "), ("action", ""), ("unrelated", "x")), out var filter, out _));
        Assert.True(filter!.IsEmpty);
        Assert.Equal("", filter.ToQueryString());
        Assert.True(AuditFilter.TryParse((string?)null, out var none, out _));
        Assert.True(none!.IsEmpty);
    }

    [Fact]
    public void TryParse_DateWithoutOffsetOrTime_IsUtc()
    {
        Assert.True(AuditFilter.TryParse("?from=2026-11-01&to=2026-11-01T12:00", out var filter, out _));
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), filter!.From);
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 12, 0, 0, TimeSpan.Zero), filter.To);
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("2026-13-01T00:00:00Z")]
    [InlineData("11/01/2026")]
    [InlineData("1 Nov 2026")]
    [InlineData("2026-11-01T25:00:00Z")]
    public void TryParse_BadDate_NamesTheKey(string value)
    {
        Assert.False(AuditFilter.TryParse(Query(("from", value), ("to", value)), out var filter, out var errors));
        Assert.Null(filter);
        Assert.Contains("ISO 8601", Assert.Single(errors["from"]), StringComparison.Ordinal);
        Assert.True(errors.ContainsKey("to"));
    }

    [Fact]
    public void TryParse_ToNotAfterFrom_IsAnError()
    {
        Assert.False(AuditFilter.TryParse("from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z", out _, out var errors));
        Assert.Contains("later than", Assert.Single(errors["to"]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("actor", AuditLimits.ActorMaxLength)]
    [InlineData("target", AuditLimits.TargetMaxLength)]
    [InlineData("action", AuditLimits.ActionMaxLength)]
    public void TryParse_TooLongText_IsAnError(string key, int limit)
    {
        Assert.True(AuditFilter.TryParse(Query((key, new string('a', limit))), out _, out _));

        Assert.False(AuditFilter.TryParse(Query((key, new string('a', limit + 1))), out _, out var errors));
        Assert.Contains($"limit is {limit}", Assert.Single(errors[key]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("user.signed-in")]
    [InlineData("access.request.*")]
    [InlineData("access*")]
    [InlineData("*")]
    public void TryParse_ActionNameOrPrefix_IsAccepted(string action) =>
        Assert.True(AuditFilter.TryParse(Query(("action", action)), out _, out _));

    [Theory]
    [InlineData("user signed in")]
    [InlineData("*.signed-in")]
    [InlineData("user.**")]
    [InlineData("user.%")]
    public void TryParse_OtherAction_IsAnError(string action)
    {
        Assert.False(AuditFilter.TryParse(Query(("action", action)), out _, out var errors));
        Assert.True(errors.ContainsKey("action"));
    }

    [Fact]
    public void TryParse_ControlCharacterOrRepeatedKey_IsAnError()
    {
        Assert.False(AuditFilter.TryParse(Query(("actor", "ali\u0007ce")), out _, out var control));
        Assert.True(control.ContainsKey("actor"));

        var repeated = new Dictionary<string, StringValues> { ["actor"] = new(["alice", "bob"]) };
        Assert.False(AuditFilter.TryParse(repeated, out _, out var twice));
        Assert.True(twice.ContainsKey("actor"));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("seven")]
    public void TryParse_BadUpToId_IsAnError(string value)
    {
        Assert.False(AuditFilter.TryParse(Query(("upto", value)), out _, out var errors));
        Assert.True(errors.ContainsKey("upto"));
    }

    [Fact]
    public void TryParse_ReportsEveryProblemAtOnce()
    {
        Assert.False(AuditFilter.TryParse("from=bad&to=worse&action=a%20b&upto=x", out _, out var errors));
        Assert.Equal(["action", "from", "to", "upto"], errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void TryParse_AcceptsAnIQueryCollection()
    {
        var context = new DefaultHttpContext();
        context.Request.QueryString = new QueryString("?actor=alice&action=user.*");

        Assert.True(AuditFilter.TryParse(context.Request.Query, out var filter, out _));
        Assert.Equal(new AuditFilter { Actor = "alice", Action = "user.*" }, filter);
    }

    [Fact]
    public void ToQueryString_RoundTrips()
    {
        var filter = new AuditFilter
        {
            From = new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero),
            To = new DateTimeOffset(2026, 11, 2, 8, 0, 0, 123, TimeSpan.Zero),
            Actor = "alice@contoso.com",
            Action = "access.request.*",
            Target = "/subscriptions/1/resourceGroups/rg web/providers/Microsoft.Compute/virtualMachines/web-01&x=1",
            UpToId = 17,
        };

        var text = filter.ToQueryString();

        Assert.StartsWith("?from=2026-11-01T08:00:00Z&to=2026-11-02T08:00:00.1230000Z&actor=alice", text, StringComparison.Ordinal);
        Assert.True(AuditFilter.TryParse(text, out var back, out var errors), string.Join(" ", errors.SelectMany(e => e.Value)));
        Assert.Equal(filter, back);
    }

    [Fact]
    public void ToQueryString_OnlySetFiltersInAFixedOrder()
    {
        Assert.Equal("?actor=alice&action=user.*", new AuditFilter { Action = "user.*", Actor = "alice" }.ToQueryString());
        Assert.Equal("?upto=17", new AuditFilter { UpToId = 17 }.ToQueryString());
    }
}
