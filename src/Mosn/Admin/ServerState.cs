namespace Mosn.Admin;

/// <summary>
/// The life-cycle stage of the server, numbered as MOSN's stage manager (<c>pkg/stagemanager</c>) numbers its states,
/// so <c>/api/v1/states</c> answers what MOSN tooling expects.
/// </summary>
public enum ServerState
{
    /// <summary>Nothing happened yet.</summary>
    Nil = 0,

    /// <summary>Command line parsed, config loaded.</summary>
    ParamsParsed = 1,

    /// <summary>Building the server from the config.</summary>
    Initing = 2,

    /// <summary>Built, about to start.</summary>
    PreStart = 3,

    /// <summary>Binding listeners.</summary>
    Starting = 4,

    /// <summary>Listeners bound, finishing start-up.</summary>
    AfterStart = 5,

    /// <summary>Serving.</summary>
    Running = 6,

    /// <summary>Stop requested: no longer ready, listeners about to stop accepting.</summary>
    PreStop = 7,

    /// <summary>Draining in-flight requests.</summary>
    Stopping = 8,

    /// <summary>Connections closed, releasing resources.</summary>
    AfterStop = 9,

    /// <summary>Stopped.</summary>
    Stopped = 10,

    /// <summary>A new server is being started (reload).</summary>
    StartingNewServer = 11,

    /// <summary>Handing over to a new process (smooth upgrade).</summary>
    Upgrading = 12,
}
