namespace JitDashboard.Features.Access;

/// <summary>Settings under <c>Access</c>.</summary>
public sealed class AccessOptions
{
    public const string SectionName = "Access";

    /// <summary><c>Access:PendingExpiry</c>: a request nobody decides within this time is closed as TimedOut.</summary>
    public TimeSpan PendingExpiry { get; set; } = TimeSpan.FromHours(24);

    /// <summary><c>Access:ExpiryWarning</c>: the "expiring" notification goes out this long before a grant ends.</summary>
    public TimeSpan ExpiryWarning { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary><c>Access:PollInterval</c>: how often the worker looks for due work (scheduled starts, expiries, resumption).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary><c>Access:MaxInitiateAttempts</c>: initiate attempts on throttling or server errors (each after the SDK's own retries) before Failed.</summary>
    public int MaxInitiateAttempts { get; set; } = 3;

    /// <summary><c>Access:ClaimTimeout</c>: how long one worker holds a request it is initiating; a crashed worker's claim lapses after it.</summary>
    public TimeSpan ClaimTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// <c>Access:DurationPresets</c>: the request dialog's quick choices (ISO 8601). Empty by default because the
    /// configuration binder appends to a pre-filled list; <see cref="Presets"/> supplies the defaults.
    /// </summary>
    public List<string> DurationPresets { get; set; } = [];

    public static IReadOnlyList<string> DefaultPresets { get; } = ["PT15M", "PT30M", "PT1H", "PT2H", "PT3H"];

    /// <summary>The configured presets, distinct, or the defaults.</summary>
    public IReadOnlyList<string> Presets => DurationPresets.Count == 0 ? DefaultPresets : DurationPresets.Distinct(StringComparer.Ordinal).ToList();
}
