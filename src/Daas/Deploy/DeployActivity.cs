using System.Collections.Concurrent;

namespace Daas.Deploy;

/// <summary>
/// What deploys are doing right now that State does not record: which apps are between stopping
/// their old instance and starting their new one (the proxy holds their requests), and which old
/// instances are being drained and removed (so nothing else touches them meanwhile).
/// </summary>
internal sealed class DeployActivity
{
    private readonly ConcurrentDictionary<string, byte> _held = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _retiring = new(StringComparer.Ordinal);

    public void Hold(string app) => _held[app] = 0;

    public void Release(string app) => _held.TryRemove(app, out _);

    /// <summary>True while a stop-first deploy of the app has no instance up.</summary>
    public bool IsHeld(string app) => _held.ContainsKey(app);

    /// <summary>Claims the instance for retirement; false when another deploy already retires it.</summary>
    public bool TryStartRetiring(string instanceId) => _retiring.TryAdd(instanceId, 0);

    public void Retired(string instanceId) => _retiring.TryRemove(instanceId, out _);

    public bool IsRetiring(string instanceId) => _retiring.ContainsKey(instanceId);
}
