using Daas.State;

namespace Daas.Deploy;

/// <summary>
/// Pure: what new release a push, an env change, a rollback or a restart makes. The app's env vars
/// are those of its newest release, whatever became of it (a failed deploy does not undo an env
/// change the API accepted); a push takes them. An env change takes the image of the desired
/// release (what runs or is about to), or of the newest one when nothing ever went live. A
/// rollback and a restart copy a whole snapshot (digest, env, settings). Null means "nothing to
/// do": the app already asks for exactly that.
/// </summary>
internal static class ReleasePlanner
{
    public static NewRelease? ForPush(ReleaseRecord? desired, ReleaseRecord? newest, string digest, string reason)
    {
        var env = newest?.Env ?? new SortedDictionary<string, string>(StringComparer.Ordinal);
        return desired is not null && desired.Digest == digest && SameEnv(desired.Env, env)
            ? null
            : new NewRelease(digest, env, null, ReleaseTrigger.Push, reason);
    }

    /// <summary>Null when the app asks for exactly this env already, or has no image to run it with.</summary>
    public static NewRelease? ForEnv(ReleaseRecord? desired, ReleaseRecord? newest, SortedDictionary<string, string> env)
    {
        var image = desired ?? newest;
        if (image is null || (desired is not null && desired.Id == newest?.Id && SameEnv(desired.Env, env)))
        {
            return null;
        }

        return new NewRelease(image.Digest, env, image.Settings, ReleaseTrigger.EnvChange, "env vars changed");
    }

    public static NewRelease ForRestart(ReleaseRecord release, string reason) =>
        new(release.Digest, release.Env, release.Settings, ReleaseTrigger.Restart, reason, release.Number);

    /// <summary>
    /// The rollback target: release <paramref name="number"/>, or else the newest release before the
    /// current one that went live and runs something else. Null target with the reason when there is none.
    /// </summary>
    public static (ReleaseRecord? Target, string? Error) RollbackTarget(IReadOnlyList<ReleaseRecord> newestFirst, long? currentId, int? number)
    {
        if (number is not null)
        {
            var chosen = newestFirst.FirstOrDefault(r => r.Number == number);
            return chosen is null ? (null, $"there is no release {number}") : (chosen, null);
        }

        var current = newestFirst.FirstOrDefault(r => r.Id == currentId);
        if (current is null)
        {
            return (null, "the app has no current release to roll back from");
        }

        var previous = newestFirst.FirstOrDefault(r => r.Id < current.Id && r.WentLive && (r.Digest != current.Digest || !SameEnv(r.Env, current.Env)));
        return previous is null ? (null, "there is no earlier good release that differs from the current one") : (previous, null);
    }

    public static NewRelease ForRollback(ReleaseRecord target) =>
        new(target.Digest, target.Env, target.Settings, ReleaseTrigger.Rollback, $"rollback to release {target.Number}", target.Number);

    private static bool SameEnv(SortedDictionary<string, string> a, SortedDictionary<string, string> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var value) && value == kv.Value);
}
