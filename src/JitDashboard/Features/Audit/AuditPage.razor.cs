using JitDashboard.Platform.Audit;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;
using MudBlazor;

namespace JitDashboard.Features.Audit;

/// <summary>
/// The ledger, newest first, paged on the server. The applied filters live in the URL, so a filtered view can be
/// linked and the browser's back button works; the CSV export reads the same query string.
/// </summary>
public sealed partial class AuditPage : IDisposable
{
    private const string LocalInputFormat = "yyyy-MM-dd'T'HH:mm";

    private static readonly string[] LocalInputFormats = ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF"];

    private static readonly JsonSerializerOptions PrettyJsonOptions = new()
    {
        WriteIndented = true,

        // Razor encodes the output for HTML; escaping non-ASCII here as well would only make it unreadable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly CancellationTokenSource _disposed = new();

    [Inject] public required IAuditLog Audit { get; init; }

    [Inject] public required NavigationManager Navigation { get; init; }

    [Inject] public required ILogger<AuditPage> Logger { get; init; }

    /// <summary>The zone times are shown and typed in: the server's (the circuit has no browser zone without JS).</summary>
    internal static TimeZoneInfo DisplayZone => TimeZoneInfo.Local;

    internal const int RowsPerPage = AuditQuery.DefaultPageSize;

    private static readonly int[] PageSizes = [25, 50, 100, 200];

    private MudDataGrid<AuditEvent>? Grid { get; set; }

    /// <summary>The applied filter: what the URL says and what the grid queries.</summary>
    private AuditFilter Filter { get; set; } = AuditFilter.Empty;

    private string? FromText { get; set; }

    private string? ToText { get; set; }

    private string? ActorText { get; set; }

    private string? ActionText { get; set; }

    private string? TargetText { get; set; }

    private Dictionary<string, string[]> InputErrors { get; set; } = [];

    private Dictionary<string, string[]>? UrlErrors { get; set; }

    private long? Total { get; set; }

    private string? LoadError { get; set; }

    private bool Verifying { get; set; }

    private AuditVerification? Verification { get; set; }

    private string? VerifyError { get; set; }

    private bool HasInput => !string.IsNullOrWhiteSpace(FromText) || !string.IsNullOrWhiteSpace(ToText) || !string.IsNullOrWhiteSpace(ActorText)
        || !string.IsNullOrWhiteSpace(ActionText) || !string.IsNullOrWhiteSpace(TargetText);

    private string CountText
    {
        get
        {
            var total = Total ?? 0;
            var events = total == 1 ? "1 event" : $"{total.ToString("N0", CultureInfo.InvariantCulture)} events";
            return Filter.IsEmpty ? events : $"{events} match";
        }
    }

    private string ExportHref => AuditExportEndpoint.Path + Filter.ToQueryString();

    private static string ZoneName => DisplayZone == TimeZoneInfo.Utc || DisplayZone.BaseUtcOffset == TimeSpan.Zero && !DisplayZone.SupportsDaylightSavingTime
        ? "Times in UTC"
        : $"Times in {DisplayZone.Id}";

    private static string TimeTitle => DisplayZone.BaseUtcOffset == TimeSpan.Zero && !DisplayZone.SupportsDaylightSavingTime ? "Time (UTC)" : "Time";

    protected override void OnInitialized()
    {
        ApplyUrl(Navigation.Uri);
        Navigation.LocationChanged += OnLocationChanged;
    }

    /// <summary>Back, forward, a link or Apply: the URL is the source of truth for the filter.</summary>
    private void OnLocationChanged(object? sender, LocationChangedEventArgs e)
    {
        var path = Navigation.ToBaseRelativePath(e.Location).Split('?', '#')[0].TrimEnd('/');
        if (!string.Equals(path, "audit", StringComparison.OrdinalIgnoreCase))
            return;

        _ = InvokeAsync(async () =>
        {
            var before = Filter;
            ApplyUrl(e.Location);
            StateHasChanged();
            if (Filter != before)
                await ReloadAsync();
        });
    }

    private void ApplyUrl(string uri)
    {
        var query = new Uri(uri).Query;
        if (AuditFilter.TryParse(query, out var filter, out var errors))
        {
            Filter = filter;
            UrlErrors = null;
        }
        else
        {
            Filter = AuditFilter.Empty;
            UrlErrors = errors;
        }

        InputErrors = [];
        FromText = ToLocalInput(Filter.From);
        ToText = ToLocalInput(Filter.To);
        ActorText = Filter.Actor;
        ActionText = Filter.Action;
        TargetText = Filter.Target;
    }

    /// <summary>Validates the inputs with the same rules as the URL and export, then puts them in the URL.</summary>
    private async Task ApplyAsync()
    {
        var values = new Dictionary<string, Microsoft.Extensions.Primitives.StringValues>();
        var errors = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
        AddDate(values, errors, AuditFilter.FromKey, FromText);
        AddDate(values, errors, AuditFilter.ToKey, ToText);
        values[AuditFilter.ActorKey] = ActorText;
        values[AuditFilter.ActionKey] = ActionText;
        values[AuditFilter.TargetKey] = TargetText;

        // An applied "show up to event #n" stays until cleared: it is not an input of its own.
        if (Filter.UpToId is { } upTo)
            values[AuditFilter.UpToIdKey] = upTo.ToString(CultureInfo.InvariantCulture);

        if (!AuditFilter.TryParse(values, out var filter, out var parseErrors))
        {
            foreach (var (key, messages) in parseErrors)
                errors.TryAdd(key, messages);
        }

        InputErrors = errors;
        if (errors.Count > 0 || filter is null)
            return;

        if (filter == Filter)
        {
            // Same filters: Apply doubles as refresh.
            await ReloadAsync();
            return;
        }

        Navigation.NavigateTo("audit" + filter.ToQueryString());
    }

    private void Clear()
    {
        if (Filter.IsEmpty)
        {
            // Nothing applied: only the inputs to empty.
            ApplyUrl(Navigation.Uri);
            return;
        }

        Navigation.NavigateTo("audit");
    }

    /// <summary>Drops "up to event #n" and keeps the other filters.</summary>
    private void ClearUpToId() => Navigation.NavigateTo("audit" + (Filter with { UpToId = null }).ToQueryString());

    private static void AddDate(Dictionary<string, Microsoft.Extensions.Primitives.StringValues> values, Dictionary<string, string[]> errors, string key, string? local)
    {
        if (string.IsNullOrWhiteSpace(local))
            return;

        if (DateTime.TryParseExact(local.Trim(), LocalInputFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var dt))
        {
            try
            {
                values[key] = AuditFilter.FormatDate(new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(dt, DisplayZone), TimeSpan.Zero));
                return;
            }
            catch (ArgumentException)
            {
                // A local time skipped by a daylight-saving change.
            }
        }

        errors[key] = [$"Enter a date and time, e.g. {DateTime.Today.ToString(LocalInputFormat, CultureInfo.InvariantCulture)}."];
    }

    private static string? ToLocalInput(DateTimeOffset? value)
    {
        if (value is not { } v)
            return null;
        var local = TimeZoneInfo.ConvertTime(v, DisplayZone);
        return local.ToString(local.Second == 0 && local.Millisecond == 0 ? LocalInputFormat : "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
    }

    private bool HasError(string key) => InputErrors.ContainsKey(key);

    private string? ErrorText(string key) => InputErrors.TryGetValue(key, out var messages) ? string.Join(" ", messages) : null;

    private static Task<IEnumerable<string>> SearchActionsAsync(string? text, CancellationToken cancellationToken) =>
        Task.FromResult(ActionSuggestions(text));

    /// <summary>Known actions and their prefixes (<c>access.request.*</c>) containing the typed text; the text itself stays usable as free text.</summary>
    internal static IEnumerable<string> ActionSuggestions(string? text)
    {
        var prefixes = AuditActions.All
            .SelectMany(a => Enumerable.Range(1, a.Count(c => c == '.')).Select(n => string.Join('.', a.Split('.').Take(n)) + ".*"))
            .Distinct(StringComparer.Ordinal);
        var all = prefixes.Concat(AuditActions.All).Order(StringComparer.Ordinal);
        return string.IsNullOrWhiteSpace(text) ? all.ToList() : all.Where(a => a.Contains(text.Trim(), StringComparison.OrdinalIgnoreCase)).ToList();
    }

    private async Task<GridData<AuditEvent>> LoadAsync(GridState<AuditEvent> state, CancellationToken cancellationToken)
    {
        var query = Filter.ToQuery(state.Page * state.PageSize, state.PageSize);
        try
        {
            var page = await Audit.QueryAsync(query, cancellationToken);
            Total = page.TotalCount;
            LoadError = null;
            return new GridData<AuditEvent> { Items = page.Events, TotalItems = (int)Math.Min(page.TotalCount, int.MaxValue) };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Superseded by a newer request (a filter or page change); the grid ignores this answer.
            return new GridData<AuditEvent> { Items = [], TotalItems = 0 };
        }
        catch (Exception ex)
        {
            LogQueryFailed(Logger, ex);
            Total = null;
            LoadError = "Check the database settings (Database:Provider, Database:ConnectionString) and that the database is reachable, then try again.";
            return new GridData<AuditEvent> { Items = [], TotalItems = 0 };
        }
        finally
        {
            // The count and error live outside the grid.
            StateHasChanged();
        }
    }

    private Task ReloadAsync() => Grid?.ReloadServerData() ?? Task.CompletedTask;

    private async Task VerifyAsync()
    {
        Verifying = true;
        Verification = null;
        VerifyError = null;
        try
        {
            Verification = await Audit.VerifyAsync(_disposed.Token);
        }
        catch (OperationCanceledException) when (_disposed.IsCancellationRequested)
        {
            // The page was closed while verifying.
        }
        catch (Exception ex)
        {
            LogVerifyFailed(Logger, ex);
            VerifyError = "The chain could not be verified: the audit log could not be read. Try again; if it keeps failing, check the database.";
        }
        finally
        {
            Verifying = false;
        }
    }

    private void DismissVerification() => Verification = null;

    internal static string IntactText(AuditVerification v) => v.EventCount == 0 || v.HeadHash is null
        ? "Chain intact: the audit log is empty."
        : $"Chain intact: {v.EventCount.ToString("N0", CultureInfo.InvariantCulture)} {(v.EventCount == 1 ? "event" : "events")}, head hash {v.HeadHash[..Math.Min(12, v.HeadHash.Length)]}…";

    internal static string BrokenText(AuditVerification v) => v.Failure switch
    {
        AuditChainFailure.ContentHashMismatch => $"Event #{v.FirstBrokenEventId} was altered: content hash mismatch.",
        AuditChainFailure.PreviousHashMismatch => $"Event #{v.FirstBrokenEventId} does not link to the event before it: previous-hash mismatch.",
        AuditChainFailure.SequenceGap => $"Event #{v.FirstBrokenEventId} follows a gap: events are missing.",
        _ => $"Event #{v.FirstBrokenEventId} breaks the chain.",
    };

    /// <summary>How far the check got; the ledger's own sentence only when the failure is not one the page names.</summary>
    internal static string CheckedText(AuditVerification v) => v.Failure is null
        ? v.Message
        : $"{v.EventCount.ToString("N0", CultureInfo.InvariantCulture)} {(v.EventCount == 1 ? "event" : "events")} checked, in sequence order.";

    /// <summary>The ledger opened at the broken event: it and everything before it, nothing else filtered.</summary>
    internal static string BrokenEventHref(long id) => "audit" + new AuditFilter { UpToId = id }.ToQueryString();

    private string? RowClass(AuditEvent e, int index) =>
        Verification is { IsValid: false, FirstBrokenEventId: { } broken } && broken == e.Id ? "jd-audit-row jd-audit-row-broken" : "jd-audit-row";

    internal static string LocalText(DateTimeOffset value) =>
        TimeZoneInfo.ConvertTime(value, DisplayZone).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    internal static string UtcText(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture) + " UTC";

    /// <summary>The resource name of an ARM id (<c>/subscriptions/…/virtualMachines/web-01</c> → <c>web-01</c>); other targets as they are.</summary>
    internal static string ShortTarget(string target)
    {
        if (!target.StartsWith('/') || !target.Contains("/providers/", StringComparison.OrdinalIgnoreCase))
            return target;
        var last = target.TrimEnd('/').Split('/')[^1];
        return string.IsNullOrEmpty(last) ? target : last;
    }

    internal static Color OutcomeColor(AuditOutcome outcome) => outcome switch
    {
        AuditOutcome.Succeeded => Color.Success,
        AuditOutcome.Failed => Color.Error,
        AuditOutcome.Denied => Color.Warning,
        _ => Color.Default,
    };

    private static bool HasDetails(AuditEvent e) => !string.IsNullOrWhiteSpace(e.Details) && e.Details.Trim() != "{}";

    internal static string DetailsPreview(string details)
    {
        if (string.IsNullOrWhiteSpace(details) || details.Trim() == "{}")
            return "—";
        return details.Length <= 60 ? details : details[..60] + "…";
    }

    /// <summary>Indented JSON for reading; the stored text as it is when it is not JSON.</summary>
    internal static string PrettyJson(string details)
    {
        try
        {
            using var doc = JsonDocument.Parse(details);
            return JsonSerializer.Serialize(doc.RootElement, PrettyJsonOptions);
        }
        catch (JsonException)
        {
            return details;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The Audit page could not query the audit log")]
    private static partial void LogQueryFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "The Audit page could not verify the audit chain")]
    private static partial void LogVerifyFailed(ILogger logger, Exception exception);

    public void Dispose()
    {
        Navigation.LocationChanged -= OnLocationChanged;
        _disposed.Cancel();
        _disposed.Dispose();
    }
}
