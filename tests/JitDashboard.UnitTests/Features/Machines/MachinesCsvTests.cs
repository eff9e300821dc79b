using JitDashboard.UnitTests.Platform.Estate;
using JitDashboard.Features.Machines;
using JitDashboard.Platform.Estate.Exposure;
using JitDashboard.Platform.Estate.Inventory;
using static JitDashboard.UnitTests.Features.Machines.MachinesTestData;

namespace JitDashboard.UnitTests.Features.Machines;

public class MachinesCsvTests
{
    private const string Header = "name,subscription,resourceGroup,location,osType,powerState,publicIps,privateIps,22,3389,5985,5986,"
        + "exposed,jitStatus,unsupportedReason,jitRecommendation,managementPortsRecommendation,secureScoreImpact,id";

    private static string[] Lines(string csv)
    {
        Assert.EndsWith("\r\n", csv, StringComparison.Ordinal);
        return csv[..^2].Split("\r\n");
    }

    [Fact]
    public void Write_HeaderAndOneLinePerMachine_WithPortColumns()
    {
        var machine = Machine("web-01", publicIp: "20.1.2.3", jit: JitStatus.NotConfigured,
            ports: [Port(22, PortExposure.Open), Port(3389, PortExposure.Restricted, "203.0.113.0/24", "198.51.100.7"), Port(5985, PortExposure.Closed), Port(5986, PortExposure.Closed)],
            jitRec: RecommendationState.Unhealthy, portsRec: RecommendationState.Healthy, impact: 0.125);

        var lines = Lines(MachinesCsv.Write([machine]));

        Assert.Equal(2, lines.Length);
        Assert.Equal(Header, lines[0]);
        Assert.Equal("web-01,Contoso Production,rg-web,westeurope,Linux,running,20.1.2.3,10.0.0.4,Open,Restricted(203.0.113.0/24 198.51.100.7),Closed,Closed,"
            + $"true,NotConfigured,,Unhealthy,Healthy,0.13,{machine.Id}", lines[1]);
    }

    [Fact]
    public void Write_NoMachines_IsTheHeaderWithTheDefaultPorts()
        => Assert.Equal([Header], Lines(MachinesCsv.Write([])));

    [Fact]
    public void Write_PortColumnsFollowTheEvaluatedPorts()
    {
        var lines = Lines(MachinesCsv.Write([Machine("a", ports: [Port(2222, PortExposure.Open)]), Machine("b", ports: [Port(22, PortExposure.Closed)])]));

        Assert.Contains(",privateIps,22,2222,exposed,", lines[0], StringComparison.Ordinal);
        Assert.Contains(",10.0.0.4,,Open,true,", lines[1], StringComparison.Ordinal);
        Assert.Contains(",10.0.0.4,Closed,,false,", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Write_UnsupportedReason_IsQuotedWhenItHasACommaOrQuote()
    {
        var csv = MachinesCsv.Write([Machine("vm", jit: JitStatus.Unsupported, reason: "No NSG, neither on the NIC nor its \"subnet\"")]);

        Assert.Contains(",Unsupported,\"No NSG, neither on the NIC nor its \"\"subnet\"\"\",", csv, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("", "")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"")]
    [InlineData("=1+2", "'=1+2")]
    [InlineData("+1", "'+1")]
    [InlineData("-1", "'-1")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tx", "'\tx")]
    [InlineData("\rx", "\"'\rx\"")]
    [InlineData("a=b", "a=b")]
    public void Escape_QuotesPerRfc4180_AndDefusesFormulas(string value, string expected) => Assert.Equal(expected, MachinesCsv.Escape(value));

    [Fact]
    public void Write_NeutralisesFormulaInjectionInNamesAndTags()
    {
        var csv = MachinesCsv.Write([Machine("=cmd|' /C calc'!A0", resourceGroup: "@rg")]);

        var line = Lines(csv)[1];
        Assert.StartsWith("'=cmd|' /C calc'!A0,Contoso Production,'@rg,", line, StringComparison.Ordinal);
    }

    [Fact]
    public void FileName_IsUtcAndSortable()
        => Assert.Equal("jitdashboard-machines-20261123T201500Z.csv",
            MachinesCsv.FileName(new DateTimeOffset(2026, 11, 23, 21, 15, 0, TimeSpan.FromHours(1))));
}
