using JitDashboard.Features.Policies;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JitDashboard.Features.Access;

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
