using Microsoft.AspNetCore.Components;

namespace JitDashboard.Components;

public sealed partial class Routes
{
    [Inject] public required Platform.Identity.ClientAddress ClientAddressHolder { get; init; }

    /// <summary>The browser's address as the first request saw it (after trusted forwarded headers only).</summary>
    [Parameter] public string? ClientAddress { get; set; }

    protected override void OnInitialized() => ClientAddressHolder.Address = ClientAddress;
}
