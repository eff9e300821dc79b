namespace JitDashboard.Features.Automation;

/// <summary><c>Automation:*</c> settings.</summary>
public sealed class AutomationOptions
{
    public const string SectionName = "Automation";

    /// <summary>Off: no automatic runs on this instance (rules, "Run now" and the webhook still work).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// The slow safety check: how often the instance holding the lease evaluates every rule against the whole
    /// snapshot without being told of a change. Changes themselves arrive from the estate coordinator as they are
    /// read (Azure's events → targeted refresh), so "port opened → JIT back" does not wait for this.
    /// </summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long the automation lease lasts without renewal; another instance takes over after it.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the holder renews the lease (and others try to take it).</summary>
    public TimeSpan LeaseRenewInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>After a failed action, automatic runs leave the VM alone this long (manual runs do not).</summary>
    public TimeSpan FailureBackoff { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Shared secret of the inbound webhook (a secret store or environment variable, never the repo); empty: secret off.</summary>
    public string WebhookSecret { get; set; } = "";

    /// <summary>The header that carries the shared secret.</summary>
    public string WebhookSecretHeader { get; set; } = "X-JitDashboard-Webhook-Secret";
}
