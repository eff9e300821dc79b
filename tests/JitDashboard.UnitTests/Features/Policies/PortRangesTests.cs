using System.Text.Json.Nodes;
using JitDashboard.Features.Policies;

namespace JitDashboard.UnitTests.Features.Policies;

public class PortRangesTests
{
    [Theory]
    [InlineData(new[] { "22" }, new[] { 22 }, new string[0])]
    [InlineData(new[] { "22", "443" }, new[] { 22, 3389 }, new[] { "443" })]
    [InlineData(new[] { "3380-3390" }, new[] { 3389 }, new[] { "3380-3388", "3390" })]
    [InlineData(new[] { "20-25" }, new[] { 22 }, new[] { "20-21", "23-25" })]
    [InlineData(new[] { "5985-5986" }, new[] { 5985, 5986 }, new string[0])]
    [InlineData(new[] { "22", "3389" }, new[] { 22, 3389, 5985, 5986 }, new string[0])]
    [InlineData(new[] { "*" }, new[] { 22, 3389 }, new[] { "0-21", "23-3388", "3390-65535" })]
    [InlineData(new[] { "0-22" }, new[] { 0, 22 }, new[] { "1-21" })]
    [InlineData(new[] { "80", "443" }, new[] { 22 }, new[] { "80", "443" })]
    [InlineData(new[] { "20-25", "22-30" }, new[] { 26 }, new[] { "20-25", "27-30" })]
    public void Subtract_takes_the_ports_out_of_the_ranges(string[] ranges, int[] ports, string[] expected) =>
        Assert.Equal(expected, PortRanges.Subtract(ranges, ports));

    [Fact]
    public void Bad_ranges_throw() => Assert.Throws<FormatException>(() => PortRanges.Parse(["30-20"]));

    [Fact]
    public void Rewrite_body_keeps_everything_but_the_ports_and_same_rule_ignores_field_form()
    {
        var original = JsonNode.Parse("""
            { "name": "allow-ssh-https", "etag": "W/\"1\"", "properties": { "protocol": "Tcp", "access": "Allow", "direction": "Inbound", "priority": 110,
              "sourceAddressPrefix": "*", "sourceAddressPrefixes": [], "destinationPortRange": "", "destinationPortRanges": ["22", "443"],
              "description": "kept", "provisioningState": "Succeeded" } }
            """)!.AsObject();

        var body = RuleClosurePlanner.RewriteBody(original, ["443"]);

        var props = body["properties"]!.AsObject();
        Assert.Equal("443", (string?)props["destinationPortRange"]);
        Assert.False(props.ContainsKey("destinationPortRanges"));
        Assert.False(props.ContainsKey("provisioningState"));
        Assert.Equal("kept", (string?)props["description"]);
        Assert.Equal(110, (int)props["priority"]!);
        Assert.Equal(["22", "443"], RuleClosurePlanner.DestinationPorts(original["properties"]!.AsObject()));
        Assert.False(RuleClosurePlanner.SameRule(original, body));
        var singular = JsonNode.Parse("""{ "properties": { "protocol": "Tcp", "access": "Allow", "direction": "Inbound", "priority": 110, "sourceAddressPrefix": "*", "destinationPortRanges": ["22", "443"], "description": "kept" } }""")!.AsObject();
        Assert.True(RuleClosurePlanner.SameRule(original, singular));
    }
}
