using System.Collections.Frozen;

namespace Daas.Routing;

/// <summary>
/// One immutable routing table: host name → app, as built by <see cref="RouteTable.Update"/>. A
/// request reads one snapshot and does one lookup; a new table replaces it whole.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The token must stay valid for as long as anyone holds the snapshot; nothing owns its end.")]
internal sealed class RouteSnapshot
{
    private readonly FrozenDictionary<string, RoutedApp>.AlternateLookup<ReadOnlySpan<char>> _byHost;
    private readonly TaskCompletionSource _replaced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _replacedToken = new();

    public RouteSnapshot(string domain, IEnumerable<RoutedApp> apps)
    {
        var list = apps.ToList();
        Apps = list.ToFrozenDictionary(a => a.Route.App, StringComparer.Ordinal);
        var hosts = new Dictionary<string, RoutedApp>(StringComparer.OrdinalIgnoreCase);
        foreach (var app in list)
        {
            // <app>.<domain> and www.<app>.<domain>, as the seed's nginx served.
            hosts[$"{app.Route.App}.{domain}"] = app;
            hosts[$"www.{app.Route.App}.{domain}"] = app;
        }

        _byHost = hosts.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase).GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public static RouteSnapshot Empty { get; } = new("", []);

    public FrozenDictionary<string, RoutedApp> Apps { get; }

    /// <summary>Completes when a newer snapshot has taken this one's place.</summary>
    public Task Replaced => _replaced.Task;

    /// <summary>Fires when a newer snapshot has taken this one's place (for <see cref="Tls.IDeployedApps"/>).</summary>
    public CancellationToken ReplacedToken => _replacedToken.Token;

    /// <summary>The app served at <paramref name="host"/> (a bare host name: no port, no trailing dot).</summary>
    public bool TryFindHost(ReadOnlySpan<char> host, out RoutedApp? app) => _byHost.TryGetValue(host, out app);

    public void MarkReplaced()
    {
        _replaced.TrySetResult();
        _replacedToken.Cancel();
    }
}
