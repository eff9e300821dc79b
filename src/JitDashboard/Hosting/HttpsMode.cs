namespace JitDashboard.Hosting;

/// <summary>When HTTPS redirection and HSTS apply.</summary>
public enum HttpsMode
{
    /// <summary>Outside Development, for requests that did not arrive on a loopback address.</summary>
    Auto,

    /// <summary>Always (tests use it to see the redirect over http://127.0.0.1).</summary>
    Always,

    /// <summary>Never (a TLS-terminating proxy that does not forward the scheme).</summary>
    Never,
}
