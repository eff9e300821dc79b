using System.Text.Json;
using Azure;
using JitDashboard.Azure.Models;

namespace JitDashboard.Azure;

/// <summary>
/// An ARM call that failed, with ARM's error code and message. Derives from <see cref="RequestFailedException"/>
/// so callers handle SDK and raw-pipeline failures alike.
/// </summary>
public sealed class ArmRequestException : RequestFailedException
{
    /// <summary>
    /// Worth another try: throttling (429), timeouts (408, or no answer at all) and server errors. The one definition
    /// every retry loop in the app uses.
    /// </summary>
    public static bool IsTransient(Exception ex) => ex switch
    {
        RequestFailedException => ArmFailure.From(ex).IsTransient,
        HttpRequestException or TimeoutException or TaskCanceledException => true,
        _ => false,
    };

    public ArmRequestException(int status, string? errorCode, string armMessage, string method, string path, string? target = null, TimeSpan? retryAfter = null)
        : base(status, $"{method} {path} failed with {status} {errorCode}: {armMessage}", errorCode, null)
    {
        ArmMessage = armMessage;
        Method = method;
        Path = path;
        Target = target;
        RetryAfter = retryAfter;
    }

    /// <summary><c>details[].target</c> (or <c>error.target</c>): e.g. the namespace of MissingSubscriptionRegistration.</summary>
    public string? Target { get; }

    /// <summary>The answer's Retry-After, when it had one.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>The failure as the app reasons about it.</summary>
    public ArmFailure Failure => ArmFailure.Classify(Status, ErrorCode, ArmMessage, Target, RetryAfter);

    /// <summary>ARM's <c>error.message</c>, or the raw body when it was not an ARM error.</summary>
    public string ArmMessage { get; }

    public string Method { get; }

    public string Path { get; }

    /// <summary>Parses ARM's error body; tolerates bodies that are not JSON.</summary>
    public static ArmRequestException FromResponse(int status, string? body, string method, string path, TimeSpan? retryAfter = null)
    {
        string? code = null;
        string? message = null;
        string? target = null;
        if (!string.IsNullOrWhiteSpace(body))
        {
            try
            {
                // Case-insensitive (web defaults): some services answer {"Error":{"Code","Message"}}.
                var error = JsonSerializer.Deserialize<ArmErrorResponse>(body, ArmJson.Options)?.Error;
                code = error?.Code;
                message = error?.Message;
                target = error?.Details?.Select(d => d.Target).FirstOrDefault(t => !string.IsNullOrEmpty(t)) ?? error?.Target;
            }
            catch (JsonException)
            {
                // Not an ARM error body (a proxy's HTML page, say): keep the text below.
            }
        }

        message ??= string.IsNullOrWhiteSpace(body) ? "(no body)" : body.Length > 500 ? body[..500] : body;
        return new ArmRequestException(status, code, message, method, path, target, retryAfter);
    }
}
