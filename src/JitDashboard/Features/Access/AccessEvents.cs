using System.Globalization;
using JitDashboard.Platform.Audit;
using JitDashboard.Platform.Notifications;

namespace JitDashboard.Features.Access;

/// <summary>
/// What follows every change of a request, from a person or from the worker: the audit entry, the notification and the
/// <see cref="Changed"/> event the pages follow. One singleton, so the UI hears the worker's changes too.
/// </summary>
public sealed partial class AccessEvents(IAuditLog audit, INotifier notifier, TimeProvider time, ILogger<AccessEvents> logger)
{
    public event Action<AccessRequestView>? Changed;

    public void Publish(AccessRequest request) => Changed?.Invoke(AccessRequestView.From(request));

    public async Task AuditAsync(string actor, AuditActorKind kind, string action, AccessRequest request, AuditOutcome outcome, object? extra = null, CancellationToken ct = default)
    {
        var details = new Dictionary<string, object?>
        {
            ["requestId"] = request.Id,
            ["machine"] = request.MachineName,
            ["ports"] = request.Ports,
            ["duration"] = System.Xml.XmlConvert.ToString(request.Duration),
            ["source"] = request.SourceAddressPrefix,
            ["requestedBy"] = request.RequestedBy,
            ["status"] = request.Status.ToString(),
        };
        if (request.Ticket is not null) details["ticket"] = request.Ticket;
        if (extra is not null) details["detail"] = extra;
        try
        {
            await audit.AppendAsync(new AuditEntry(actor, kind, action, request.MachineId, outcome, details), ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogAuditFailed(logger, action, request.Id, ex);
            throw;
        }
    }

    public async Task NotifyAsync(NotificationKind kind, string title, string summary, AccessRequest r, CancellationToken ct)
    {
        var facts = new Dictionary<string, string>
        {
            ["VM"] = r.MachineName,
            ["Ports"] = string.Join(", ", r.Ports),
            ["Duration"] = AccessRequestValidator.Describe(r.Duration),
            ["Source"] = r.SourceAddressPrefix,
            ["Requested by"] = r.RequestedBy,
            ["Status"] = r.Status.ToString(),
        };
        if (r.DecidedBy is not null) facts["Decided by"] = r.DecidedBy;
        if (r.Ticket is not null) facts["Ticket"] = r.Ticket;
        if (r.EndsAt is { } end) facts["Until"] = end.ToString("u", CultureInfo.InvariantCulture);
        try
        {
            await notifier.PublishAsync(new NotificationEvent(kind, title, summary, facts, AccessRequestPage.LinkFor(r.Id), time.GetUtcNow()), ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Notifications never block the workflow.
            LogNotifyFailed(logger, kind, ex);
        }
    }

    public static string PortsText(AccessRequest r) => r.Ports.Count == 1 ? $"port {r.Ports[0]}" : $"ports {string.Join(", ", r.Ports)}";

    [LoggerMessage(Level = LogLevel.Error, Message = "Access: audit append {Action} for {Id} failed")]
    private static partial void LogAuditFailed(ILogger logger, string action, Guid id, Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Access: notification {Kind} failed")]
    private static partial void LogNotifyFailed(ILogger logger, NotificationKind kind, Exception ex);
}
