using Microsoft.Extensions.Options;

namespace JitDashboard.Features.Posture;

/// <summary><c>Posture:*</c> settings: how often the trend records the figures and how long it keeps them.</summary>
public sealed class PostureOptions
{
    public const string SectionName = "Posture";

    /// <summary>At most one trend point per interval (refreshes in between are not recorded). Zero records every refresh.</summary>
    public TimeSpan SnapshotInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Trend points older than this are deleted.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(400);
}

internal sealed class PostureOptionsValidator : IValidateOptions<PostureOptions>
{
    public ValidateOptionsResult Validate(string? name, PostureOptions options)
    {
        var errors = new List<string>();
        if (options.SnapshotInterval < TimeSpan.Zero || options.SnapshotInterval > TimeSpan.FromDays(1))
            errors.Add("Posture:SnapshotInterval must be between 00:00:00 and 1.00:00:00.");
        if (options.Retention < TimeSpan.FromDays(1))
            errors.Add("Posture:Retention must be at least 1.00:00:00 (one day).");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
