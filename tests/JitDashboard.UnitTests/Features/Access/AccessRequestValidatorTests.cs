using JitDashboard.Platform.Arm.Models;
using JitDashboard.Features.Access;

namespace JitDashboard.UnitTests.Features.Access;

public sealed class AccessRequestValidatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private static JitVirtualMachine Policy(string? allowed = "*", IReadOnlyList<string>? allowedMany = null) => new()
    {
        Id = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1",
        Ports =
        [
            new JitPortRule { Number = 22, AllowedSourceAddressPrefix = allowedMany is null ? allowed : null, AllowedSourceAddressPrefixes = allowedMany, MaxRequestAccessDuration = "PT3H" },
            new JitPortRule { Number = 3389, AllowedSourceAddressPrefix = "*", MaxRequestAccessDuration = "PT1H" },
        ],
    };

    private static AccessRequestInput Input(
        IReadOnlyList<int>? ports = null, string? duration = "PT1H", string? source = "203.0.113.7", string? justification = "Patch", string? ticket = null, DateTimeOffset? start = null) =>
        new("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1", ports ?? [22], duration, source, justification, ticket, start);

    private static string[] ErrorsOf(AccessRequestInput input, JitVirtualMachine? policy = null, string? detected = "198.51.100.1", bool noPolicy = false)
    {
        var (valid, errors) = AccessRequestValidator.Validate(input, noPolicy ? null : policy ?? Policy(), detected, Now);
        Assert.Equal(errors.Count == 0, valid is not null);
        return errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}")).ToArray();
    }

    [Fact]
    public void ValidRequest_PassesWithNormalisedValues()
    {
        var (valid, errors) = AccessRequestValidator.Validate(Input(source: " 203.0.113.9/24 ", justification: "  Patch  "), Policy(), null, Now);
        Assert.Empty(errors);
        Assert.Equal("203.0.113.0/24", valid!.SourceAddressPrefix);
        Assert.Equal("Patch", valid.Justification);
        Assert.Equal(TimeSpan.FromHours(1), valid.Duration);
        Assert.Null(valid.StartTime);
    }

    [Fact]
    public void NoTypedSource_UsesDetectedAddress_AndNoneAtAllIsAnError()
    {
        var (valid, _) = AccessRequestValidator.Validate(Input(source: null), Policy(), "198.51.100.1", Now);
        Assert.Equal("198.51.100.1", valid!.SourceAddressPrefix);
        Assert.Contains(ErrorsOf(Input(source: ""), detected: null), e => e.StartsWith("sourceAddressPrefix: Your address could not be detected", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(new[] { 80 }, "ports: Port 80 is not in the VM's just-in-time policy (allowed: 22, 3389).")]
    [InlineData(new int[0], "ports: Choose at least one port.")]
    public void Ports_MustBeInPolicy(int[] ports, string expected) => Assert.Contains(expected, ErrorsOf(Input(ports: ports)));

    [Theory]
    [InlineData("PT4M", "duration: The duration must be at least 5 minutes.")]
    [InlineData("PT4H", "duration: Port 22 allows at most 3 h (PT3H); 4 h is too long.")]
    [InlineData("1 hour", "duration: '1 hour' is not an ISO 8601 duration such as PT30M or PT1H.")]
    [InlineData(null, "duration: Give a duration, e.g. PT1H.")]
    public void Duration_BetweenFiveMinutesAndPolicyMax(string? duration, string expected) => Assert.Contains(expected, ErrorsOf(Input(duration: duration)));

    [Fact]
    public void Duration_CheckedAgainstEveryChosenPort() =>
        Assert.Contains("duration: Port 3389 allows at most 1 h (PT1H); 2 h is too long.", ErrorsOf(Input(ports: [22, 3389], duration: "PT2H")));

    [Theory]
    [InlineData("203.0.113.300", "is not an IP address or CIDR range")]
    [InlineData("203.0.113.0/33", "is not an IP address or CIDR range")]
    [InlineData("Internet", "is not an IP address or CIDR range")]
    [InlineData("0.0.0.0/0", "cannot open the port to every address")]
    public void Source_MustBeSpecificIpOrCidr(string source, string fragment) =>
        Assert.Contains(ErrorsOf(Input(source: source)), e => e.StartsWith("sourceAddressPrefix:", StringComparison.Ordinal) && e.Contains(fragment, StringComparison.Ordinal));

    [Fact]
    public void Source_MustBeInsideWhatThePolicyAllows()
    {
        Assert.Contains("sourceAddressPrefix: Port 22 only allows sources in 10.0.0.0/8; 203.0.113.7 is outside.", ErrorsOf(Input(), Policy("10.0.0.0/8")));
        Assert.Empty(ErrorsOf(Input(source: "10.1.2.3"), Policy("10.0.0.0/8")));
        Assert.Empty(ErrorsOf(Input(source: "192.168.1.0/25"), Policy(allowedMany: ["10.0.0.0/8", "192.168.1.0/24"])));
        Assert.Contains(ErrorsOf(Input(source: "192.168.0.0/16"), Policy(allowedMany: ["10.0.0.0/8", "192.168.1.0/24"])), e => e.StartsWith("sourceAddressPrefix: Port 22 only allows", StringComparison.Ordinal));
    }

    [Fact]
    public void VmWithoutJit_IsRefused() =>
        Assert.Contains("machineId: This virtual machine has no just-in-time policy: apply JIT to it first.", ErrorsOf(Input(), noPolicy: true));

    [Theory]
    [InlineData("", "justification: Say why you need access.")]
    [InlineData("<script>alert(1)</script>", "justification: HTML or script is not allowed here; write plain text.")]
    [InlineData("see <a href=x>this</a>", "justification: HTML or script is not allowed here; write plain text.")]
    public void Justification_RequiredPlainText(string text, string expected) => Assert.Contains(expected, ErrorsOf(Input(justification: text)));

    [Fact]
    public void Justification_AndTicket_AreLengthLimited()
    {
        Assert.Contains("justification: The justification is 501 characters; at most 500 are allowed.", ErrorsOf(Input(justification: new string('a', 501))));
        Assert.Empty(ErrorsOf(Input(justification: new string('a', 500))));
        Assert.Contains("ticket: The ticket reference is 65 characters; at most 64 are allowed.", ErrorsOf(Input(ticket: new string('t', 65))));
        Assert.Empty(ErrorsOf(Input(justification: "uptime < 5 min after reboot", ticket: "INC-1")));
    }

    [Fact]
    public void StartTime_NotInThePast_AndLaterIsScheduled()
    {
        Assert.Contains("startTime: The start time is in the past; leave it empty to start on approval.", ErrorsOf(Input(start: Now.AddMinutes(-5))));
        var (valid, _) = AccessRequestValidator.Validate(Input(start: Now.AddHours(2)), Policy(), null, Now);
        Assert.Equal(Now.AddHours(2), valid!.StartTime);
        var (soon, _) = AccessRequestValidator.Validate(Input(start: Now.AddSeconds(20)), Policy(), null, Now);
        Assert.Null(soon!.StartTime);
    }

    [Fact]
    public void Comment_OptionalLimitedPlainText()
    {
        Assert.Null(AccessRequestValidator.CommentProblem(null));
        Assert.Null(AccessRequestValidator.CommentProblem("fine"));
        Assert.NotNull(AccessRequestValidator.CommentProblem(new string('c', 501)));
        Assert.NotNull(AccessRequestValidator.CommentProblem("<img src=x onerror=alert(1)>"));
    }
}
