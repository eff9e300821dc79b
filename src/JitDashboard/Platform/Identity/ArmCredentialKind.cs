namespace JitDashboard.Platform.Identity;

/// <summary><c>Arm:Credential</c>: the app's own identity towards ARM in Azure mode.</summary>
public enum ArmCredentialKind
{
    /// <summary>System-assigned, or user-assigned with <c>Arm:ManagedIdentityClientId</c>.</summary>
    ManagedIdentity,

    /// <summary>Workload identity federation (AKS): AZURE_FEDERATED_TOKEN_FILE from the environment.</summary>
    WorkloadIdentity,

    /// <summary><c>AzureAd:ClientSecret</c> from the environment.</summary>
    ClientSecret,

    /// <summary>The developer's <c>az login</c>; for running against Azure from a workstation.</summary>
    AzureCli,
}
