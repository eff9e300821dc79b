using JitDashboard.Platform;
using Microsoft.Extensions.Options;

namespace JitDashboard.Features.Posture;

/// <summary>Every problem in <c>Posture:*</c>, each naming its key.</summary>
internal sealed class PostureOptionsValidator : IValidateOptions<PostureOptions>
{
    public ValidateOptionsResult Validate(string? name, PostureOptions options)
    {
        var errors = new List<string>();
        if (options.SnapshotInterval < TimeSpan.Zero || options.SnapshotInterval > TimeSpan.FromDays(1))
            errors.Add("Posture:SnapshotInterval must be between 00:00:00 and 1.00:00:00.");
        if (options.Retention < TimeSpan.FromDays(1))
            errors.Add("Posture:Retention must be at least 1.00:00:00 (one day).");
        return ValidatedOptions.Result(errors);
    }
}
