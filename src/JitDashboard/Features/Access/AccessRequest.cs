using JitDashboard.Features.Policies;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JitDashboard.Features.Access;

[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<AccessRequestStatus>))]
public enum AccessRequestStatus
{
    /// <summary>Filed, waiting for an approver.</summary>
    Pending,

    /// <summary>Approved (by a person or a rule); JIT not yet initiated (scheduled, or in flight).</summary>
    Approved,

    /// <summary>JIT initiated: the port is open from the requester's address until <see cref="AccessRequest.EndsAt"/>.</summary>
    Active,

    /// <summary>The grant reached its end time.</summary>
    Expired,

    Denied,

    /// <summary>Withdrawn by the requester while pending.</summary>
    Cancelled,

    /// <summary>ARM refused the initiate (<see cref="AccessRequest.Error"/> has its message).</summary>
    Failed,

    /// <summary>Ended early ("close now").</summary>
    Closed,

    /// <summary>Nobody decided before <c>Access:PendingExpiry</c> passed.</summary>
    TimedOut,
}

/// <summary>One request for timed access to ports of one VM, with its whole lifecycle. Persisted before any ARM call.</summary>
public sealed class AccessRequest
{
    public Guid Id { get; set; }
    public string MachineId { get; set; } = "";
    public string MachineName { get; set; } = "";
    public string ResourceGroup { get; set; } = "";

    /// <summary>The JIT policy's resource id at filing time.</summary>
    public string PolicyId { get; set; } = "";

    public List<int> Ports { get; set; } = [];
    public TimeSpan Duration { get; set; }
    public string SourceAddressPrefix { get; set; } = "";
    public string Justification { get; set; } = "";
    public string? Ticket { get; set; }

    /// <summary>Null: start on approval. Otherwise the scheduled window's start.</summary>
    public DateTimeOffset? ScheduledStart { get; set; }

    public string RequestedBy { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }

    public AccessRequestStatus Status { get; set; }
    public string? DecidedBy { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public string? DecisionComment { get; set; }

    /// <summary>True when an auto-approval rule approved it (<see cref="DecidedBy"/> names the rule).</summary>
    public bool AutoApproved { get; set; }

    /// <summary>When JIT was initiated, and when the grant ends (start + duration).</summary>
    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? EndsAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    public string? ClosedBy { get; set; }

    /// <summary>ARM's error when initiate was refused.</summary>
    public string? Error { get; set; }

    /// <summary>Initiate attempts so far (retried transient failures count once each).</summary>
    public int Attempts { get; set; }

    /// <summary>
    /// A worker holds the initiate until then (Unix milliseconds: comparable in SQL on SQLite and PostgreSQL alike);
    /// an expired claim (crash) may be taken again.
    /// </summary>
    public long? ClaimedUntilMs { get; set; }

    /// <summary>The expiry warning was published.</summary>
    public bool ExpiryWarned { get; set; }

    /// <summary>Changes on every update: the optimistic-concurrency token (works the same on SQLite and PostgreSQL).</summary>
    public Guid Version { get; set; }

    /// <summary>The marker put in the JIT justification so the request is found again in the policy's <c>requests</c>.</summary>
    public string Marker => $"jitdashboard-request:{Id:N}";
}

/// <summary>Admin rule: requests matching it are approved without a person (audited as auto-approvals).</summary>
public sealed class AutoApprovalRule
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";

    /// <summary>The requester must hold this app role (e.g. <c>JitDashboard.Operator</c>); null for any.</summary>
    public string? RequesterRole { get; set; }

    /// <summary>The VM's resource group (case-insensitive); null for any.</summary>
    public string? ResourceGroup { get; set; }

    /// <summary>A VM tag <c>name=value</c> (value <c>*</c> for any value); null for any.</summary>
    public string? Tag { get; set; }

    /// <summary>Requests up to this long match.</summary>
    public TimeSpan MaxDuration { get; set; }

    public bool Enabled { get; set; } = true;
    public DateTimeOffset UpdatedAt { get; set; }
    public string UpdatedBy { get; set; } = "";
}

internal sealed class AccessRequestConfiguration : IEntityTypeConfiguration<AccessRequest>
{
    public void Configure(EntityTypeBuilder<AccessRequest> b)
    {
        b.ToTable("access_requests");
        b.HasKey(r => r.Id);
        b.Property(r => r.Id).HasColumnName("id");
        b.Property(r => r.MachineId).HasColumnName("machine_id").HasMaxLength(1024);
        b.Property(r => r.MachineName).HasColumnName("machine_name").HasMaxLength(256);
        b.Property(r => r.ResourceGroup).HasColumnName("resource_group").HasMaxLength(256);
        b.Property(r => r.PolicyId).HasColumnName("policy_id").HasMaxLength(1024);
        b.Property(r => r.Ports).HasColumnName("ports_json").HasConversion(JsonColumn.Converter<List<int>>(), JsonColumn.Comparer<List<int>>());
        b.Property(r => r.Duration).HasColumnName("duration_seconds").HasConversion(v => (long)v.TotalSeconds, v => TimeSpan.FromSeconds(v));
        b.Property(r => r.SourceAddressPrefix).HasColumnName("source_address_prefix").HasMaxLength(64);
        b.Property(r => r.Justification).HasColumnName("justification").HasMaxLength(AccessLimits.JustificationMaxLength);
        b.Property(r => r.Ticket).HasColumnName("ticket").HasMaxLength(AccessLimits.TicketMaxLength);
        b.Property(r => r.ScheduledStart).HasColumnName("scheduled_start");
        b.Property(r => r.RequestedBy).HasColumnName("requested_by").HasMaxLength(256);
        b.Property(r => r.CreatedAt).HasColumnName("created_at");
        b.Property(r => r.Status).HasColumnName("status").HasConversion<string>().HasMaxLength(16);
        b.Property(r => r.DecidedBy).HasColumnName("decided_by").HasMaxLength(256);
        b.Property(r => r.DecidedAt).HasColumnName("decided_at");
        b.Property(r => r.DecisionComment).HasColumnName("decision_comment").HasMaxLength(AccessLimits.CommentMaxLength);
        b.Property(r => r.AutoApproved).HasColumnName("auto_approved");
        b.Property(r => r.StartedAt).HasColumnName("started_at");
        b.Property(r => r.EndsAt).HasColumnName("ends_at");
        b.Property(r => r.EndedAt).HasColumnName("ended_at");
        b.Property(r => r.ClosedBy).HasColumnName("closed_by").HasMaxLength(256);
        b.Property(r => r.Error).HasColumnName("error").HasMaxLength(4000);
        b.Property(r => r.Attempts).HasColumnName("attempts");
        b.Property(r => r.ClaimedUntilMs).HasColumnName("claimed_until_ms");
        b.Property(r => r.ExpiryWarned).HasColumnName("expiry_warned");
        b.Property(r => r.Version).HasColumnName("version").IsConcurrencyToken();
        b.Ignore(r => r.Marker);
        b.HasIndex(r => r.Status);
        b.HasIndex(r => r.RequestedBy);
    }
}

internal sealed class AutoApprovalRuleConfiguration : IEntityTypeConfiguration<AutoApprovalRule>
{
    public void Configure(EntityTypeBuilder<AutoApprovalRule> b)
    {
        b.ToTable("access_auto_approval_rules");
        b.HasKey(r => r.Id);
        b.Property(r => r.Id).HasColumnName("id");
        b.Property(r => r.Name).HasColumnName("name").HasMaxLength(100);
        b.Property(r => r.RequesterRole).HasColumnName("requester_role").HasMaxLength(100);
        b.Property(r => r.ResourceGroup).HasColumnName("resource_group").HasMaxLength(256);
        b.Property(r => r.Tag).HasColumnName("tag").HasMaxLength(512);
        b.Property(r => r.MaxDuration).HasColumnName("max_duration_seconds").HasConversion(v => (long)v.TotalSeconds, v => TimeSpan.FromSeconds(v));
        b.Property(r => r.Enabled).HasColumnName("enabled");
        b.Property(r => r.UpdatedAt).HasColumnName("updated_at");
        b.Property(r => r.UpdatedBy).HasColumnName("updated_by").HasMaxLength(256);
        b.HasIndex(r => r.Name).IsUnique();
    }
}
