using JitDashboard.Platform.Persistence;
using JitDashboard.Platform.Work;
using Microsoft.EntityFrameworkCore;

namespace JitDashboard.Features.Access;

/// <summary>
/// With several instances, a request filed, decided or activated on one shows on the others' pages at once: its
/// id goes on the change bus, and each other instance re-reads the request and raises <see cref="AccessEvents.Changed"/>.
/// </summary>
internal sealed class AccessChangeRelay(AccessEvents events, IChangeBus bus, IDbContextFactory<JitDbContext> factory, ILogger<AccessChangeRelay> logger)
    : ChangeRelayService(bus, "access", logger)
{
    protected override void Attach() => events.Changed += OnLocal;

    protected override void Detach() => events.Changed -= OnLocal;

    private void OnLocal(AccessRequestView view) => Send(view.Id);

    protected override async Task<Action?> ReadAsync(Guid id)
    {
        await using var db = await factory.CreateDbContextAsync();
        var request = await db.AccessRequests().AsNoTracking().FirstOrDefaultAsync(r => r.Id == id);
        return request is null ? null : () => events.Publish(request);
    }
}
