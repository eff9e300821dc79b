using System.Text.Json;
using JitDashboard.Platform.Arm;
using JitDashboard.Platform.Arm.Models;

namespace JitDashboard.UnitTests.Platform.Arm;

public class CompactStringListConverterTests
{
    private const string Rules = """
        {"value":[
          {"name":"a","properties":{"protocol":"Tcp","access":"Allow","direction":"Inbound","priority":100,
            "destinationPortRanges":["22","3389"],"sourceAddressPrefixes":[],"sourcePortRanges":["*"]}},
          {"name":"b","properties":{"protocol":"Tcp","access":"Deny","direction":"Inbound","priority":200,
            "destinationPortRanges":["22"],"sourceAddressPrefixes":[],"sourceAddressPrefix":"Internet"}}
        ]}
        """;

    [Fact]
    public void Lists_are_exact_arrays_the_empty_one_shared_and_their_strings_pooled()
    {
        var rules = JsonSerializer.Deserialize<ArmPage<SecurityRule>>(Rules, ArmJson.Options)!.Value;

        var ports = Assert.IsType<string[]>(rules[0].Properties.DestinationPortRanges);
        Assert.Equal(["22", "3389"], ports);
        Assert.Same(rules[0].Properties.SourceAddressPrefixes, rules[1].Properties.SourceAddressPrefixes);
        Assert.Empty(rules[0].Properties.SourceAddressPrefixes!);
        Assert.Same(ports[0], rules[1].Properties.DestinationPortRanges![0]);
        Assert.Null(rules[1].Properties.SourcePortRanges);
    }

    [Fact]
    public void Writes_what_it_read()
    {
        var page = JsonSerializer.Deserialize<ArmPage<SecurityRule>>(Rules, ArmJson.Options)!;

        var again = JsonSerializer.Deserialize<ArmPage<SecurityRule>>(JsonSerializer.Serialize(page, ArmJson.Options), ArmJson.Options)!;

        Assert.Equal(page.Value[0].Properties.DestinationPortRanges, again.Value[0].Properties.DestinationPortRanges);
        Assert.Equal(page.Value[1].Properties.SourceAddressPrefix, again.Value[1].Properties.SourceAddressPrefix);
    }

    [Theory]
    [InlineData("""{"destinationPortRanges":"22"}""")]
    [InlineData("""{"destinationPortRanges":[22]}""")]
    public void Anything_but_an_array_of_strings_is_refused(string json) =>
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<SecurityRuleProperties>(json, ArmJson.Options));
}
