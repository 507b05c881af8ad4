namespace Daas.State;

/// <summary>How a new release replaces the running one.</summary>
internal enum DeployStrategy
{
    /// <summary>The new container starts and gets healthy before the old one stops: no gap.</summary>
    StartFirst,

    /// <summary>
    /// The old container stops before the new one starts, so two processes never share a data
    /// directory; the proxy holds requests meanwhile.
    /// </summary>
    StopFirst,
}
