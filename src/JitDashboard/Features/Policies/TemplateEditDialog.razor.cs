using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace JitDashboard.Features.Policies;

/// <summary>Creates or edits one template. The service validates; its per-field errors show beside the fields and the dialog stays open.</summary>
public sealed partial class TemplateEditDialog
{
    /// <summary>The select's value for "no OS limit" (MudSelect shows no label for a null value).</summary>
    public const string AnyOs = "Any";

    public static readonly IReadOnlyList<(string Text, string Value)> DurationPresets = [("1h", "PT1H"), ("3h", "PT3H"), ("8h", "PT8H"), ("24h", "PT24H")];

    private string _name = "";
    private string? _description;
    private bool _isDefault;
    private List<PortRow> _rows = [];
    private IReadOnlyDictionary<string, string[]> _errors = new Dictionary<string, string[]>();
    private bool _saving;

    [CascadingParameter] public required IMudDialogInstance MudDialog { get; set; }

    [Inject] public required IPolicyTemplateService Templates { get; init; }

    /// <summary>Null to create a new template.</summary>
    [Parameter] public PolicyTemplate? Template { get; set; }

    [Parameter] public string Actor { get; set; } = "unknown";

    protected override void OnInitialized()
    {
        if (Template is { } t)
        {
            _name = t.Name;
            _description = t.Description;
            _isDefault = t.IsDefault;
            _rows = [.. t.Ports.Select(PortRow.From)];
        }
        else
        {
            // A new template starts with one SSH row rather than an empty table.
            _rows = [new PortRow { Number = 22 }];
        }
    }

    private bool Has(string field) => _errors.ContainsKey(field);

    private string? Err(string field) => _errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    private void AddRow() => _rows.Add(new PortRow());

    public PolicyTemplateInput ToInput() =>
        new(_name.Trim(), string.IsNullOrWhiteSpace(_description) ? null : _description.Trim(), [.. _rows.Select(r => r.ToPort())], _isDefault);

    private async Task SaveAsync()
    {
        _saving = true;
        try
        {
            var input = ToInput();
            var result = Template is null ? await Templates.CreateAsync(input, Actor) : await Templates.UpdateAsync(Template.Id, input, Actor);
            if (result.Succeeded) MudDialog.Close(DialogResult.Ok(result.Template));
            else _errors = result.Errors;
        }
        finally
        {
            _saving = false;
        }
    }

    private void Cancel() => MudDialog.Cancel();

    /// <summary>A port as edited: sources as comma-separated text, OS as a select value.</summary>
    public sealed class PortRow
    {
        public int Number { get; set; }

        public string Protocol { get; set; } = "*";

        public string Sources { get; set; } = "*";

        public string Duration { get; set; } = "PT3H";

        public string Os { get; set; } = AnyOs;

        public static PortRow From(PolicyTemplatePort port) => new()
        {
            Number = port.Number,
            Protocol = port.Protocol,
            Sources = string.Join(", ", port.AllowedSources),
            Duration = port.MaxRequestAccessDuration,
            Os = string.IsNullOrEmpty(port.OsType) ? AnyOs : port.OsType,
        };

        public PolicyTemplatePort ToPort() => new()
        {
            Number = Number,
            Protocol = Protocol,
            AllowedSources = [.. (Sources ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
            MaxRequestAccessDuration = (Duration ?? "").Trim(),
            OsType = Os == AnyOs ? null : Os,
        };
    }
}
