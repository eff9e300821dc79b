namespace JitDashboard.Platform.Work;

/// <summary>What a <see cref="BackgroundWorker"/> is doing now.</summary>
public enum WorkerState
{
    /// <summary>Registered, first pass not started.</summary>
    Starting,

    /// <summary>A pass is under way.</summary>
    Running,

    /// <summary>Between passes; the last one succeeded.</summary>
    Waiting,

    /// <summary>Between passes after a failure: waiting out the backoff.</summary>
    Retrying,

    /// <summary>Another instance holds the worker's lease; this one waits to take over.</summary>
    Standby,

    /// <summary>Switched off by its settings.</summary>
    Disabled,

    /// <summary>The host stopped it.</summary>
    Stopped,
}
