using System.Globalization;
using System.Text.RegularExpressions;

namespace JitDashboard.Platform.Arm;

/// <summary>
/// One ARM failure as the app reasons about it: the kind, ARM's own code and message, and what a person can do about it.
/// Built from any exception an ARM call may throw (SDK, raw pipeline, transport).
/// </summary>
public sealed partial record ArmFailure(ArmFailureKind Kind, int Status, string? Code, string Message, string? Target, TimeSpan? RetryAfter)
{
    /// <summary>Resource-provider namespaces whose failures mean "no such resources here", quietly (retired).</summary>
    public const string ClassicComputeNamespace = "Microsoft.ClassicCompute";

    public bool IsTransient => Kind is ArmFailureKind.Transient or ArmFailureKind.Throttled;

    /// <summary>The namespace an unregistered-provider failure names (details[].target), when known.</summary>
    public string? Namespace => Kind == ArmFailureKind.NotRegistered ? Target : null;

    /// <summary>For 403 AuthorizationFailed: the action named in ARM's message.</summary>
    public string? MissingAction => ActionPattern().Match(Message) is { Success: true } m ? m.Groups["action"].Value : null;

    /// <summary>ARM's code (or the status) and message, as shown to people.</summary>
    public string Describe() => $"{Code ?? Status.ToString(CultureInfo.InvariantCulture)}: {Message}";

    /// <summary>What a person can do about it.</summary>
    public string Fix => Kind switch
    {
        ArmFailureKind.Forbidden => MissingAction is { } action
            ? $"Grant the dashboard's identity a role with '{action}' on this subscription (deploy/roles/jitdashboard-reader.json and -operator.json list every action it needs)."
            : "Grant the dashboard's identity the roles in deploy/roles/ on this subscription.",
        ArmFailureKind.NotRegistered when string.Equals(Target, "Microsoft.Security", StringComparison.OrdinalIgnoreCase)
            => "Defender for Cloud is not set up here: register Microsoft.Security (az provider register --namespace Microsoft.Security) and enable Defender for Servers Plan 2.",
        ArmFailureKind.NotRegistered => $"Register the resource provider: az provider register --namespace {Target ?? "<namespace>"}.",
        ArmFailureKind.SubscriptionNotFound => "The subscription no longer exists or the identity cannot see it: remove it from Arm:SubscriptionIds or restore access.",
        ArmFailureKind.SubscriptionDisabled => "The subscription is disabled and read-only: re-enable it (billing) before changing anything in it.",
        ArmFailureKind.LinkedAuthorizationFailed => "Grant the dashboard's identity 'Microsoft.Compute/virtualMachines/write' on the VMs' resource group (JIT needs it on every VM a policy names).",
        ArmFailureKind.PolicyDenied => "An Azure Policy assignment denies this write: ask its owner for an exemption, or change the assignment named in the message.",
        ArmFailureKind.TooLarge => "The request is over ARM's 4 MB: split the JIT policy across several policies.",
        ArmFailureKind.Throttled => RetryAfter is { } wait
            ? $"ARM is throttling this subscription: the dashboard tries again after {wait.TotalSeconds:0} s."
            : "ARM is throttling this subscription: the dashboard tries again later.",
        ArmFailureKind.Transient => "A temporary failure: the dashboard tries again at the next refresh.",
        _ => "See ARM's message.",
    };

    /// <summary>Classifies what an ARM call threw (the gateway's exception, or anything it would translate).</summary>
    public static ArmFailure From(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            ArmRequestException arm => arm.Failure,
            _ => ArmBoundary.Translate(exception, "", "", CancellationToken.None)?.Failure
                ?? new ArmFailure(ArmFailureKind.Invalid, 0, exception.GetType().Name, exception.Message, null, null),
        };
    }

    public static ArmFailure Classify(int status, string? code, string message, string? target, TimeSpan? retryAfter)
    {
        var kind = (status, code) switch
        {
            (409, "MissingSubscriptionRegistration") or (404, "Subscription Not Registered") => ArmFailureKind.NotRegistered,
            // NRP's registration of a new subscription is still running: it passes by itself.
            (409, "SubscriptionNotRegistered") => ArmFailureKind.Transient,
            (404, "SubscriptionNotFound") => ArmFailureKind.SubscriptionNotFound,
            (409, "ReadOnlyDisabledSubscription") => ArmFailureKind.SubscriptionDisabled,
            (403, "LinkedAuthorizationFailed") => ArmFailureKind.LinkedAuthorizationFailed,
            (403, "RequestDisallowedByPolicy") => ArmFailureKind.PolicyDenied,
            (403, _) => ArmFailureKind.Forbidden,
            (413, _) => ArmFailureKind.TooLarge,
            (429, _) => ArmFailureKind.Throttled,
            (0 or 408, _) or ( >= 500, _) => ArmFailureKind.Transient,
            (404, _) => ArmFailureKind.NotFound,
            (409, _) => ArmFailureKind.Conflict,
            _ => ArmFailureKind.Invalid,
        };
        // "Subscription Not Registered" (Defender's own types) names no target: it is always Microsoft.Security.
        if (kind == ArmFailureKind.NotRegistered && target is null && code == "Subscription Not Registered")
            target = "Microsoft.Security";
        if (kind == ArmFailureKind.NotRegistered && target is null && NamespacePattern().Match(message) is { Success: true } m)
            target = m.Groups["ns"].Value;
        return new ArmFailure(kind, status, code, message, target, retryAfter);
    }




    [GeneratedRegex(@"perform action '(?<action>[^']+)'", RegexOptions.CultureInvariant)]
    private static partial Regex ActionPattern();

    [GeneratedRegex(@"namespace '(?<ns>[^']+)'", RegexOptions.CultureInvariant)]
    private static partial Regex NamespacePattern();
}
