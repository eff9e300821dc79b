namespace JitDashboard.Platform.Identity;

/// <summary>The <c>Authentication</c> section: settings of ours around Microsoft.Identity.Web.</summary>
public sealed class AuthenticationSettings
{
    public const string SectionName = "Authentication";

    /// <summary>
    /// <c>Authentication:BackchannelTimeoutSeconds</c>: how long a metadata or token call to the authority may take.
    /// Short, so that an unreachable authority fails a request in seconds rather than the default minute.
    /// </summary>
    public int BackchannelTimeoutSeconds { get; set; } = 10;
}
