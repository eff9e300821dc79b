using System.Text.Json;
using JitDashboard.Platform.Arm.Models;

namespace JitDashboard.Platform.Arm;

/// <summary>
/// The one exception an ARM call throws above the ARM gateway (the typed clients in this folder): SDK, pipeline and
/// transport exceptions are turned into this at the boundary (<see cref="ArmBoundary"/>), with ARM's status, error
/// code and message, and <see cref="Failure"/> saying what kind of failure it is. Status 0: no answer (timeout,
/// connection failed).
/// </summary>
public sealed class ArmRequestException : Exception
{
    /// <summary>
    /// Worth another try: throttling (429), timeouts (408, or no answer at all) and server errors. The one definition
    /// every retry loop in the app uses.
    /// </summary>
    public static bool IsTransient(Exception ex) => ex is ArmRequestException arm && arm.Failure.IsTransient;

    public ArmRequestException(int status, string? errorCode, string armMessage, string method, string path, string? target = null, TimeSpan? retryAfter = null, Exception? inner = null)
        : base($"{method} {path} failed with {status} {errorCode}: {armMessage}", inner)
    {
        Status = status;
        ErrorCode = errorCode;
        ArmMessage = armMessage;
        Method = method;
        Path = path;
        Target = target;
        RetryAfter = retryAfter;
    }

    /// <summary>The HTTP status ARM answered; 0 when nothing answered.</summary>
    public int Status { get; }

    /// <summary>ARM's <c>error.code</c>.</summary>
    public string? ErrorCode { get; }

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
