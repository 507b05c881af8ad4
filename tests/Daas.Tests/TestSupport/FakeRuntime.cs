using System.Collections.Concurrent;
using System.Globalization;
using Daas.Deploy.Runtime;

namespace Daas.Tests.TestSupport;

/// <summary>
/// An in-memory <see cref="IAppRuntime"/> for unit tests of the deploy sequence: instances are
/// records, each image's facts and fate (healthy, unhealthy, crash, no pull) are set by the test,
/// and every call that changes something is written to <see cref="Calls"/> in order.
/// </summary>
internal sealed class FakeRuntime : IAppRuntime
{
    private readonly ConcurrentDictionary<string, AppInstance> _instances = new();
    private int _next;

    /// <summary>What happens to an instance of each digest; unknown digests start healthy.</summary>
    public ConcurrentDictionary<string, Fate> Fates { get; } = new();

    public ConcurrentDictionary<string, IReadOnlyList<string>> Volumes { get; } = new();

    /// <summary>Awaited by <see cref="PrepareAsync"/> for the digest, when set: lets a test hold a deploy mid-way.</summary>
    public ConcurrentDictionary<string, TaskCompletionSource> PullGates { get; } = new();

    public ConcurrentQueue<string> Calls { get; } = new();

    /// <summary>The labels the image of each digest has; none when not set.</summary>
    public ConcurrentDictionary<string, Dictionary<string, string>> Labels { get; } = new();

    /// <summary>Containers DaaS did not start, on the apps' network, by id: what <see cref="ListAttachedAsync"/> returns.</summary>
    public ConcurrentDictionary<string, AttachedContainer> Attached { get; } = new();

    public IReadOnlyList<AppInstance> Instances => _instances.Values.OrderBy(i => i.Id, StringComparer.Ordinal).ToList();

    /// <summary>Adds an instance as if an earlier DaaS had started it.</summary>
    public AppInstance Add(string app, long release, InstanceState state = InstanceState.Running)
    {
        var id = NewId();
        var instance = new AppInstance(id, app, release, "", state, InstanceHealth.None, [new Uri($"http://10.0.0.{_next}:8080/")]);
        _instances[id] = instance;
        return instance;
    }

    public async Task<ImageFacts> PrepareAsync(string app, string digest, CancellationToken cancellationToken)
    {
        Calls.Enqueue($"prepare {app} {digest}");
        if (PullGates.TryGetValue(digest, out var gate))
        {
            await gate.Task.WaitAsync(cancellationToken);
        }

        if (Fates.GetValueOrDefault(digest) == Fate.NoPull)
        {
            throw new InvalidOperationException($"the engine could not pull {app}@{digest}: manifest unknown");
        }

        return new ImageFacts(Labels.GetValueOrDefault(digest) ?? new Dictionary<string, string>(), [], Volumes.GetValueOrDefault(digest) ?? [], HasHealthcheck: true);
    }

    public Task<string> StartAsync(InstancePlan plan, CancellationToken cancellationToken)
    {
        var id = NewId();
        var fate = Fates.GetValueOrDefault(plan.Digest);
        var (state, health) = fate switch
        {
            Fate.Crash => (InstanceState.Exited, InstanceHealth.None),
            Fate.Unhealthy => (InstanceState.Running, InstanceHealth.Unhealthy),
            _ => (InstanceState.Running, InstanceHealth.Healthy),
        };
        _instances[id] = new AppInstance(id, plan.App, plan.ReleaseId, plan.ConfigHash, state, health, [new Uri($"http://10.0.0.{_next}:{plan.Port}/")]) { Replicas = plan.Replicas };
        Plans.Add(plan);
        Calls.Enqueue($"start {plan.App} {plan.ReleaseId}");
        return Task.FromResult(id);
    }

    public Task<InstanceStatus?> InspectAsync(string id, CancellationToken cancellationToken) =>
        Task.FromResult(_instances.TryGetValue(id, out var i)
            ? new InstanceStatus(i.State, i.Health, i.State == InstanceState.Exited ? 3 : null, 0, i.Endpoints.Count > 0 ? i.Endpoints[0].Host : null)
            : null);

    private int _listsOfAll;

    /// <summary>How often every app's instances were listed (each route refresh does it once).</summary>
    public int ListsOfAll => Volatile.Read(ref _listsOfAll);

    /// <summary>Awaited by each list of all instances (a route refresh), when set: lets a test hold a refresh mid-way.</summary>
    public TaskCompletionSource? ListGate { get; set; }

    public async Task<IReadOnlyList<AppInstance>> ListAsync(string? app, CancellationToken cancellationToken)
    {
        if (app is null)
        {
            Interlocked.Increment(ref _listsOfAll);
            if (ListGate is { } gate)
            {
                await gate.Task.WaitAsync(cancellationToken);
            }
        }

        return Instances.Where(i => app is null || i.App == app).ToList();
    }

    /// <summary>When set, <see cref="ListAttachedAsync"/> throws it (an engine that cannot answer).</summary>
    public Exception? ListAttachedFailure { get; set; }

    public Task<IReadOnlyList<AttachedContainer>> ListAttachedAsync(CancellationToken cancellationToken) =>
        ListAttachedFailure is { } failure
            ? Task.FromException<IReadOnlyList<AttachedContainer>>(failure)
            : Task.FromResult<IReadOnlyList<AttachedContainer>>(Attached.Values.OrderBy(c => c.Id, StringComparer.Ordinal).ToList());

    /// <summary>Whether it acts as Swarm does (instances of several replicas) or as one engine.</summary>
    public bool CanScale { get; set; }

    /// <summary>Every plan an instance was started from.</summary>
    public List<InstancePlan> Plans { get; } = [];

    /// <summary>Every scale asked for: instance id and replicas.</summary>
    public List<(string Id, int Replicas)> Scaled { get; } = [];

    public Task ScaleAsync(string id, int replicas, CancellationToken cancellationToken)
    {
        Scaled.Add((id, replicas));
        if (_instances.TryGetValue(id, out var instance))
        {
            _instances[id] = instance with { Replicas = replicas };
        }

        return Task.CompletedTask;
    }

    public Task ResumeAsync(string id, CancellationToken cancellationToken)
    {
        Set(id, InstanceState.Running, "resume");
        return Task.CompletedTask;
    }

    public Task StopAsync(string id, TimeSpan grace, CancellationToken cancellationToken)
    {
        Set(id, InstanceState.Exited, "stop");
        return Task.CompletedTask;
    }

    public Task RemoveAsync(string id, TimeSpan grace, CancellationToken cancellationToken)
    {
        if (_instances.TryRemove(id, out var removed))
        {
            Calls.Enqueue($"remove {removed.App} {removed.ReleaseId}");
        }

        return Task.CompletedTask;
    }

    public Task<string> TailLogsAsync(string id, int lines, CancellationToken cancellationToken) => Task.FromResult("last words");

    public IAsyncEnumerable<string> ReadLogsAsync(string id, int tail, bool follow, CancellationToken cancellationToken) =>
        AsyncEnumerable.Repeat("last words", 1);

    public Task<IReadOnlyList<AppVolume>> ListVolumesAsync(string app, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<AppVolume>>([]);

    public Task<int> RemoveVolumesAsync(string app, CancellationToken cancellationToken) => Task.FromResult(0);

    public Task<int> PruneImagesAsync(string app, IReadOnlySet<string> keepDigests, CancellationToken cancellationToken)
    {
        Calls.Enqueue($"prune {app} keep {keepDigests.Count}");
        return Task.FromResult(0);
    }

    public Task WatchAsync(Action<string> changed, Action attachedChanged, CancellationToken cancellationToken) => Task.Delay(Timeout.Infinite, cancellationToken);

    private void Set(string id, InstanceState state, string verb)
    {
        if (_instances.TryGetValue(id, out var instance))
        {
            _instances[id] = instance with { State = state };
            Calls.Enqueue($"{verb} {instance.App} {instance.ReleaseId}");
        }
    }

    private string NewId() => Interlocked.Increment(ref _next).ToString("D12", CultureInfo.InvariantCulture);

    /// <summary>What an image's instances do once started.</summary>
    public enum Fate
    {
        Healthy,
        Unhealthy,
        Crash,
        NoPull,
    }
}
