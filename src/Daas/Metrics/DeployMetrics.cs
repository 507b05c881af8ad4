using System.Collections.Concurrent;

namespace Daas.Metrics;

/// <summary>
/// Deploys per app by outcome: a release that went live, or one recorded as failed (never got
/// healthy, bad image settings, an error on the way). Counted by <see cref="Deploy.Deployer"/>;
/// since the process started, like every counter here.
/// </summary>
internal sealed class DeployMetrics
{
    private readonly ConcurrentDictionary<string, Outcomes> _apps = new(StringComparer.Ordinal);

    public void Succeeded(string app) => Interlocked.Increment(ref For(app).Succeeded);

    public void Failed(string app) => Interlocked.Increment(ref For(app).Failed);

    /// <summary>Deploys of <paramref name="app"/> that went live and that failed; zeros for an app never deployed.</summary>
    public (long Succeeded, long Failed) Of(string app) =>
        _apps.TryGetValue(app, out var outcomes) ? (Interlocked.Read(ref outcomes.Succeeded), Interlocked.Read(ref outcomes.Failed)) : (0, 0);

    /// <summary>Writes <c>daas_deploys_total{app,outcome}</c>, both outcomes for every app deployed since the start.</summary>
    public void WriteTo(PrometheusWriter writer)
    {
        writer.Counter("daas_deploys_total", "Deploys since DaaS started, by app and outcome: succeeded (the release went live) or failed (it never got traffic).");
        foreach (var app in _apps.Keys.Order(StringComparer.Ordinal))
        {
            var (succeeded, failed) = Of(app);
            writer.Sample("daas_deploys_total", succeeded, ("app", app), ("outcome", "succeeded"));
            writer.Sample("daas_deploys_total", failed, ("app", app), ("outcome", "failed"));
        }
    }

    private Outcomes For(string app) => _apps.GetOrAdd(app, static _ => new Outcomes());

    private sealed class Outcomes
    {
        public long Succeeded;
        public long Failed;
    }
}
