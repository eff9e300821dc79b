using System.Text.Json;
using JitDashboard.Platform.Arm;
using JitDashboard.Platform.Arm.Models;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JitDashboard.Features.Policies;

[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<JitOperationStatus>))]
public enum JitOperationStatus
{
    Pending,
    Running,
    Succeeded,
    PartiallySucceeded,
    Failed,
}
