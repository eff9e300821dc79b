namespace JitDashboard.Features.Policies;

public static class PolicyTemplateDefaults
{
    /// <summary>Fixed so the seed row is the same in every database.</summary>
    public static readonly Guid DefenderDefaultId = new("6f1c4a52-0b8e-4c39-9a57-3d1f2e4b7a01");

    public const string DefenderDefaultName = "Defender default";

    /// <summary>Defender's defaults: 22, 3389, 5985, 5986, protocol <c>*</c>, source <c>*</c>, PT3H.</summary>
    public static List<PolicyTemplatePort> DefenderPorts() =>
        [.. DefenderPortNumbers.Select(n => new PolicyTemplatePort { Number = n })];

    private static readonly int[] DefenderPortNumbers = [22, 3389, 5985, 5986];
}
