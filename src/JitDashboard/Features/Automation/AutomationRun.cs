using System.Text.Json.Serialization;
using JitDashboard.Features.Policies;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JitDashboard.Features.Automation;

[JsonConverter(typeof(JsonStringEnumConverter<AutomationTrigger>))]
public enum AutomationTrigger
{
    /// <summary>An estate refresh saw an in-scope VM exposed or Not configured.</summary>
    Exposure,

    /// <summary>Defender's JIT assessment Unhealthy for the VM.</summary>
    Assessment,

    /// <summary>The inbound webhook named the VM.</summary>
    Webhook,

    /// <summary>A VM that had JIT lost it.</summary>
    Drift,

    /// <summary>"Run now" by a person.</summary>
    Manual,
}

[JsonConverter(typeof(JsonStringEnumConverter<AutomationRunStatus>))]
public enum AutomationRunStatus
{
    Running,
    Succeeded,
    PartiallySucceeded,
    Failed,

    /// <summary>Proposals wait for an Approver (RequireApproval).</summary>
    AwaitingApproval,

    /// <summary>Dry run: recorded only.</summary>
    DryRun,

    /// <summary>Nothing to do: every in-scope VM is covered, excluded or skipped.</summary>
    NothingToDo,

    /// <summary>The rule's scope matches no VM at all.</summary>
    NoMatch,
}

[JsonConverter(typeof(JsonStringEnumConverter<AutomationActionKind>))]
public enum AutomationActionKind
{
    /// <summary>Put the VM in a JIT policy.</summary>
    Apply,

    /// <summary>Drift: the VM had JIT and lost it; put it back.</summary>
    Remediate,

    /// <summary>Left alone, with the reason.</summary>
    Skip,
}

[JsonConverter(typeof(JsonStringEnumConverter<AutomationActionStatus>))]
public enum AutomationActionStatus
{
    /// <summary>Dry run: what would have been done.</summary>
    WouldApply,
    PendingApproval,
    Rejected,
    Running,
    Succeeded,
    Failed,
    Skipped,
}

/// <summary>One run of one rule: why it ran, what it saw, what it did.</summary>
public sealed class AutomationRun
{
    public Guid Id { get; set; }
    public Guid RuleId { get; set; }
    public string RuleName { get; set; } = "";
    public AutomationTrigger Trigger { get; set; }
    public AutomationMode Mode { get; set; }
    public AutomationRunStatus Status { get; set; }

    /// <summary>Who or what started it: a person's name, or <c>automation</c>.</summary>
    public string StartedBy { get; set; } = "";

    /// <summary>Unix milliseconds (ordered and filtered in SQL on both providers).</summary>
    public long StartedAtMs { get; set; }

    public long? FinishedAtMs { get; set; }

    /// <summary>In-scope VMs looked at.</summary>
    public int Considered { get; set; }

    /// <summary>E.g. "The scope matches no VM."</summary>
    public string? Message { get; set; }

    public List<AutomationAction> Actions { get; set; } = [];

    [JsonIgnore]
    public DateTimeOffset StartedAt => DateTimeOffset.FromUnixTimeMilliseconds(StartedAtMs);
}

/// <summary>One VM of a run: acted on, proposed, or skipped with a reason.</summary>
public sealed class AutomationAction
{
    public long Id { get; set; }
    public Guid RunId { get; set; }
    public string MachineId { get; set; } = "";
    public string MachineName { get; set; } = "";
    public AutomationActionKind Kind { get; set; }
    public AutomationActionStatus Status { get; set; }

    /// <summary>Why it was done or skipped ("Exposed on 22, 3389", "Excluded by tag jit-exempt=true", ...).</summary>
    public string? Reason { get; set; }

    public string? Error { get; set; }

    /// <summary>The JIT operation that applied it (Features/Policies).</summary>
    public Guid? OperationId { get; set; }

    /// <summary>The Approver who approved or rejected a proposal.</summary>
    public string? DecidedBy { get; set; }

    public long UpdatedAtMs { get; set; }
}

/// <summary>
/// What a Configured VM looked like when the dashboard last saw it healthy: its JIT deny rules and which JIT
/// ports were open then. Persisted so that drift (it had JIT and lost it) is told apart from never configured.
/// </summary>
public sealed class JitBaseline
{
    public string MachineId { get; set; } = "";
    public string MachineName { get; set; } = "";
    public List<string> DenyRules { get; set; } = [];
    public List<int> OpenPorts { get; set; } = [];
    public long UpdatedAtMs { get; set; }
}

internal sealed class AutomationRunConfiguration : IEntityTypeConfiguration<AutomationRun>
{
    public void Configure(EntityTypeBuilder<AutomationRun> b)
    {
        b.ToTable("automation_runs");
        b.HasKey(r => r.Id);
        b.Property(r => r.Id).HasColumnName("id");
        b.Property(r => r.RuleId).HasColumnName("rule_id");
        b.Property(r => r.RuleName).HasColumnName("rule_name").HasMaxLength(AutomationRuleValidator.NameMaxLength);
        b.Property(r => r.Trigger).HasColumnName("trigger").HasConversion<string>().HasMaxLength(16);
        b.Property(r => r.Mode).HasColumnName("mode").HasConversion<string>().HasMaxLength(32);
        b.Property(r => r.Status).HasColumnName("status").HasConversion<string>().HasMaxLength(32);
        b.Property(r => r.StartedBy).HasColumnName("started_by").HasMaxLength(256);
        b.Property(r => r.StartedAtMs).HasColumnName("started_at_ms");
        b.Property(r => r.FinishedAtMs).HasColumnName("finished_at_ms");
        b.Property(r => r.Considered).HasColumnName("considered");
        b.Property(r => r.Message).HasColumnName("message").HasMaxLength(2000);
        b.Ignore(r => r.StartedAt);
        b.HasIndex(r => r.StartedAtMs);
        b.HasIndex(r => new { r.RuleId, r.StartedAtMs });
        b.HasMany(r => r.Actions).WithOne().HasForeignKey(a => a.RunId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AutomationActionConfiguration : IEntityTypeConfiguration<AutomationAction>
{
    public void Configure(EntityTypeBuilder<AutomationAction> b)
    {
        b.ToTable("automation_actions");
        b.HasKey(a => a.Id);
        b.Property(a => a.Id).HasColumnName("id").ValueGeneratedOnAdd();
        b.Property(a => a.RunId).HasColumnName("run_id");
        b.Property(a => a.MachineId).HasColumnName("machine_id").HasMaxLength(1024);
        b.Property(a => a.MachineName).HasColumnName("machine_name").HasMaxLength(256);
        b.Property(a => a.Kind).HasColumnName("kind").HasConversion<string>().HasMaxLength(16);
        b.Property(a => a.Status).HasColumnName("status").HasConversion<string>().HasMaxLength(32);
        b.Property(a => a.Reason).HasColumnName("reason").HasMaxLength(2000);
        b.Property(a => a.Error).HasColumnName("error").HasMaxLength(4000);
        b.Property(a => a.OperationId).HasColumnName("operation_id");
        b.Property(a => a.DecidedBy).HasColumnName("decided_by").HasMaxLength(256);
        b.Property(a => a.UpdatedAtMs).HasColumnName("updated_at_ms");
        b.HasIndex(a => a.Status);
    }
}

internal sealed class JitBaselineConfiguration : IEntityTypeConfiguration<JitBaseline>
{
    public void Configure(EntityTypeBuilder<JitBaseline> b)
    {
        b.ToTable("automation_jit_baselines");
        b.HasKey(x => x.MachineId);
        b.Property(x => x.MachineId).HasColumnName("machine_id").HasMaxLength(1024);
        b.Property(x => x.MachineName).HasColumnName("machine_name").HasMaxLength(256);
        b.Property(x => x.DenyRules).HasColumnName("deny_rules_json").HasConversion(JsonColumn.Converter<List<string>>(), JsonColumn.Comparer<List<string>>());
        b.Property(x => x.OpenPorts).HasColumnName("open_ports_json").HasConversion(JsonColumn.Converter<List<int>>(), JsonColumn.Comparer<List<int>>());
        b.Property(x => x.UpdatedAtMs).HasColumnName("updated_at_ms");
    }
}
