using System.Runtime.CompilerServices;
using Azure;

namespace JitDashboard.Platform.Arm;

/// <summary>
/// Where SDK and transport exceptions end: every typed ARM client runs its calls through here, so nothing above the
/// gateway sees <see cref="RequestFailedException"/>, <see cref="HttpRequestException"/> or a timeout's cancellation,
/// only <see cref="ArmRequestException"/>. The caller's own cancellation passes through unchanged.
/// </summary>
public static class ArmBoundary
{
    public static async Task<T> RunAsync<T>(Func<Task<T>> call, string method, string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        try
        {
            return await call();
        }
        catch (Exception ex) when (Translate(ex, method, path, cancellationToken) is { } arm)
        {
            throw arm;
        }
    }

    public static async Task RunAsync(Func<Task> call, string method, string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        try
        {
            await call();
        }
        catch (Exception ex) when (Translate(ex, method, path, cancellationToken) is { } arm)
        {
            throw arm;
        }
    }

    /// <summary>A list (its pages fetched as it is enumerated), failures translated.</summary>
    public static async IAsyncEnumerable<T> EnumerateAsync<T>(IAsyncEnumerable<T> source, string path, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var items = source.GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                bool more;
                try
                {
                    more = await items.MoveNextAsync();
                }
                catch (Exception ex) when (Translate(ex, "GET", path, cancellationToken) is { } arm)
                {
                    throw arm;
                }
                if (!more) yield break;
                yield return items.Current;
            }
        }
        finally
        {
            await items.DisposeAsync();
        }
    }

    /// <summary>The gateway's exception for what a call threw; null to let it pass (ours already, or the caller's cancellation).</summary>
    public static ArmRequestException? Translate(Exception exception, string method, string path, CancellationToken cancellationToken) => exception switch
    {
        ArmRequestException => null,
        OperationCanceledException when cancellationToken.IsCancellationRequested => null,
        RequestFailedException r => FromSdk(r, method, path),
        HttpRequestException h => new ArmRequestException(0, "ConnectionFailed", h.Message, method, path, inner: h),
        OperationCanceledException or TimeoutException => new ArmRequestException(0, "Timeout", "ARM did not answer in time.", method, path, inner: exception),
        System.Text.Json.JsonException j => new ArmRequestException(0, "InvalidResponse", $"ARM's answer could not be read: {j.Message}", method, path, inner: j),
        _ => null,
    };

    private static ArmRequestException FromSdk(RequestFailedException exception, string method, string path)
    {
        var raw = exception.GetRawResponse();
        var body = raw?.Content is { } content && !content.ToMemory().IsEmpty ? content.ToString() : null;
        TimeSpan? retryAfter = raw is not null && raw.Headers.TryGetValue("Retry-After", out var text)
            && int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(seconds) : null;
        var parsed = ArmRequestException.FromResponse(exception.Status, body ?? exception.Message, method, path, retryAfter);
        return new ArmRequestException(exception.Status, parsed.ErrorCode ?? exception.ErrorCode, parsed.ArmMessage, method, path, parsed.Target, retryAfter, exception);
    }
}
