using JitDashboard.UnitTests.Platform.Estate;
using JitDashboard.Features.Machines;
using JitDashboard.Platform.Estate;
using JitDashboard.Platform.Estate.Exposure;
using JitDashboard.Platform.Estate.Inventory;
using static JitDashboard.UnitTests.Features.Machines.MachinesTestData;

namespace JitDashboard.UnitTests.Features.Machines;

public class MachinesFilterTests
{
    private static readonly EstateMachine[] Machines =
    [
        Machine("web-01", ports: [Port(22, PortExposure.Open), Port(3389, PortExposure.Closed)], publicIp: "20.1.2.3"),
        Machine("web-02", jit: JitStatus.Configured, ports: [Port(22, PortExposure.Restricted, "203.0.113.0/24")], publicIp: "20.1.2.4"),
        Machine("sql-01", subscriptionId: Dev, os: "Windows", jit: JitStatus.Unsupported, reason: "No NSG", ports: [Port(3389, PortExposure.Open)], privateIp: "10.9.0.7", resourceGroup: "rg-data"),
        Machine("app-01", subscriptionId: Dev, ports: [Port(22, PortExposure.Closed)]),
    ];

    private static string[] Names(MachinesFilter filter) => filter.Apply(Machines).Select(m => m.Name).ToArray();

    [Fact]
    public void None_KeepsEveryMachine_AndTheSameList()
    {
        Assert.True(MachinesFilter.None.IsEmpty);
        Assert.Same(Machines, MachinesFilter.None.Apply(Machines));
        Assert.Equal("", MachinesFilter.None.ToQueryString());
    }

    [Fact]
    public void ExposedOnly_KeepsOpenMachines_NotRestrictedOnes()
        => Assert.Equal(["web-01", "sql-01"], Names(new MachinesFilter(ExposedOnly: true)));

    [Theory]
    [InlineData(JitStatus.NotConfigured, new[] { "web-01", "app-01" })]
    [InlineData(JitStatus.Configured, new[] { "web-02" })]
    [InlineData(JitStatus.Unsupported, new[] { "sql-01" })]
    public void Jit_KeepsThatStatus(JitStatus status, string[] expected) => Assert.Equal(expected, Names(new MachinesFilter(Jit: status)));

    [Theory]
    [InlineData(Dev)]
    [InlineData("contoso dev")]
    public void Subscription_MatchesIdOrDisplayName(string subscription)
        => Assert.Equal(["sql-01", "app-01"], Names(new MachinesFilter(Subscription: subscription)));

    [Fact]
    public void Os_IgnoresCase() => Assert.Equal(["sql-01"], Names(new MachinesFilter(Os: "windows")));

    [Theory]
    [InlineData("WEB-0", new[] { "web-01", "web-02" })]
    [InlineData("rg-WEB", new[] { "web-01", "web-02", "app-01" })]
    [InlineData("rg-data", new[] { "sql-01" })]
    [InlineData("Contoso Dev", new[] { "sql-01", "app-01" })]
    [InlineData("20.1.2.4", new[] { "web-02" })]
    [InlineData("10.9.0", new[] { "sql-01" })]
    [InlineData("  web-01 ", new[] { "web-01" })]
    public void Search_MatchesNameGroupSubscriptionAndAddresses(string search, string[] expected)
        => Assert.Equal(expected, Names(new MachinesFilter(Search: search)));

    [Fact]
    public void Conditions_CombineWithAnd()
    {
        Assert.Equal(["sql-01"], Names(new MachinesFilter(ExposedOnly: true, Subscription: Dev)));
        Assert.Empty(Names(new MachinesFilter(ExposedOnly: true, Os: "Windows", Jit: JitStatus.NotConfigured)));
        Assert.Equal(["web-01"], Names(new MachinesFilter(ExposedOnly: true, Os: "Linux", Search: "web")));
    }

    [Fact]
    public void Parse_ReadsEveryKey()
    {
        var filter = MachinesFilter.Parse("?exposed=true&jit=NotConfigured&subscription=Contoso%20Dev&os=linux&q=web");

        Assert.Equal(new MachinesFilter(true, JitStatus.NotConfigured, "Contoso Dev", "Linux", "web"), filter);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("?")]
    [InlineData("?exposed=no&jit=Sometimes&os=&q=%20")]
    [InlineData("?jit=7")]
    [InlineData("?unknown=1")]
    public void Parse_IgnoresMissingAndMalformedValues(string? query) => Assert.Equal(MachinesFilter.None, MachinesFilter.Parse(query));

    [Theory]
    [InlineData("exposed=1", true)]
    [InlineData("?exposed=TRUE", true)]
    [InlineData("?exposed=false", false)]
    public void Parse_Exposed(string query, bool expected) => Assert.Equal(expected, MachinesFilter.Parse(query).ExposedOnly);

    [Fact]
    public void ToQueryString_EscapesAndRoundTrips()
    {
        var filter = new MachinesFilter(true, JitStatus.Unsupported, Dev, "Windows", "a&b c");

        var query = filter.ToQueryString();

        Assert.Equal($"?exposed=true&jit=Unsupported&subscription={Dev}&os=Windows&q=a%26b%20c", query);
        Assert.Equal(filter, MachinesFilter.Parse(query));
    }

    [Fact]
    public void ToQueryString_LeavesOutEmptyValues()
        => Assert.Equal("?os=Linux", new MachinesFilter(Subscription: " ", Os: "Linux", Search: "").ToQueryString());
}
