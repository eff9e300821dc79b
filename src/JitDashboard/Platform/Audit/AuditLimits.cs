namespace JitDashboard.Platform.Audit;

/// <summary>Input limits, shared by validation and the table definition.</summary>
public static class AuditLimits
{
    public const int ActorMaxLength = 256;
    public const int ActionMaxLength = 100;
    public const int TargetMaxLength = 1024;
    public const int DetailsMaxLength = 8192;
}
