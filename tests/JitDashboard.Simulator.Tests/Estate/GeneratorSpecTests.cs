using JitDashboard.Simulator.Estate;

namespace JitDashboard.Simulator.Tests.Estate;

public class GeneratorSpecTests
{
    [Theory]
    [InlineData("vms=10,subscriptions=2,seed=7", 10, 2, 7)]
    [InlineData("seed=7,vms=10,subscriptions=2", 10, 2, 7)]
    [InlineData(" VMS = 10 , Subscriptions=2 ,SEED= -3 ", 10, 2, -3)]
    [InlineData("vms=5", 5, 1, 1)]
    [InlineData("vms=100000,subscriptions=100", 100000, 100, 1)]
    [InlineData("vms=1,subscriptions=1,seed=0", 1, 1, 0)]
    [InlineData("vms=100000,subscriptions=200", 100000, 200, 1)]
    [InlineData("vms=20000,subscriptions=10000", 20000, 10000, 1)]
    public void Parse_accepts_valid_specs(string text, int vms, int subscriptions, int seed)
    {
        var spec = GeneratorSpec.Parse(text);

        Assert.Equal(new GeneratorSpec(vms, subscriptions, seed), spec);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("subscriptions=2", "missing 'vms=N'")]
    [InlineData("vms=0", "'vms=0'")]
    [InlineData("vms=100001", "'vms=100001'")]
    [InlineData("vms=10,subscriptions=0", "'subscriptions=0'")]
    [InlineData("vms=20000,subscriptions=10001", "subscriptions must be between 1 and 10000")]
    [InlineData("vms=3,subscriptions=4", "must not exceed vms")]
    [InlineData("vms=10,colour=blue", "unknown key 'colour'")]
    [InlineData("vms=10,vms=20", "'vms=20'")]
    [InlineData("vms=10,seed=1,SEED=2", "more than once")]
    [InlineData("vms=ten", "'ten' is not a whole number")]
    [InlineData("vms=1.5", "'1.5' is not a whole number")]
    [InlineData("vms=99999999999", "not a whole number")]
    [InlineData("vms=10,,seed=1", "empty part")]
    [InlineData("vms", "'vms' is not 'key=value'")]
    [InlineData("vms=10,seed=", "'' is not a whole number")]
    public void Parse_rejects_invalid_specs_naming_the_offending_part(string text, string expectedInMessage)
    {
        var ex = Assert.Throws<FormatException>(() => GeneratorSpec.Parse(text));

        Assert.Contains(expectedInMessage, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_round_trips()
    {
        var spec = new GeneratorSpec(42, 3, 9);

        Assert.Equal(spec, GeneratorSpec.Parse(spec.ToString()));
    }
}
