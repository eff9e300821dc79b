namespace JitDashboard.Platform.Work;

/// <summary>Runs the <see cref="PostgresChangeBus"/>'s listening loop for the app's lifetime (nothing to do for one instance).</summary>
public sealed class ChangeBusListener(IChangeBus bus) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        bus is PostgresChangeBus postgres ? postgres.ListenAsync(stoppingToken) : Task.CompletedTask;
}
