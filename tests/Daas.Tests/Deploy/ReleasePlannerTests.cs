using Daas.Deploy;
using Daas.State;
using static Daas.Tests.Deploy.RedeployBackoffTests;

namespace Daas.Tests.Deploy;

public sealed class ReleasePlannerTests
{
    private static readonly SortedDictionary<string, string> Env = new(StringComparer.Ordinal) { ["A"] = "1" };

    [Fact]
    public void ForPush_NewDigest_TakesTheEnvOfTheNewestRelease()
    {
        var desired = Release(4, ReleaseState.Running, 0, "sha256:old");
        var newest = Release(5, ReleaseState.Failed, 0, "sha256:old", Env);

        var release = ReleasePlanner.ForPush(desired, newest, "sha256:new", "pushed app:latest")!;

        Assert.Equal(("sha256:new", Env, ReleaseTrigger.Push), (release.Digest, release.Env, release.Trigger));
        Assert.Null(release.Settings);
    }

    [Fact]
    public void ForPush_DigestAndEnvAlreadyDesired_IsNothingToDo()
    {
        var desired = Release(4, ReleaseState.Starting, 0, "sha256:same");

        Assert.Null(ReleasePlanner.ForPush(desired, desired, "sha256:same", "pushed"));
    }

    [Fact]
    public void ForEnv_NewEnv_TakesTheImageAndSettingsOfTheDesiredRelease()
    {
        var desired = Release(4, ReleaseState.Running, 0, "sha256:img") with { Settings = new ReleaseSettings { Port = 5000 } };

        var release = ReleasePlanner.ForEnv(desired, desired, Env)!;

        Assert.Equal(("sha256:img", 5000, ReleaseTrigger.EnvChange), (release.Digest, release.Settings!.Port, release.Trigger));
        Assert.Null(ReleasePlanner.ForEnv(desired with { Env = Env }, desired with { Env = Env }, new SortedDictionary<string, string>(Env, StringComparer.Ordinal)));
    }

    [Fact]
    public void ForEnv_AfterAFirstPushThatFailed_TakesThatImage()
    {
        // Arrange: the only release failed (it needed an env var), so nothing is desired
        var failed = Release(1, ReleaseState.Failed, 0, "sha256:first");

        // Act
        var release = ReleasePlanner.ForEnv(null, failed, Env)!;

        // Assert
        Assert.Equal(("sha256:first", Env), (release.Digest, release.Env));
        Assert.Null(ReleasePlanner.ForEnv(null, null, Env));
    }

    [Fact]
    public void RollbackTarget_NoNumber_IsTheNewestEarlierReleaseThatWentLiveAndDiffers()
    {
        // Arrange: 5 is current, 4 failed, 3 went live with the same image as 5, 2 went live with another
        var releases = new[]
        {
            Release(5, ReleaseState.Running, 50, "sha256:c"),
            Release(4, ReleaseState.Failed, 40, "sha256:b"),
            Release(3, ReleaseState.Replaced, 30, "sha256:c"),
            Release(2, ReleaseState.Replaced, 20, "sha256:a"),
        };

        // Act
        var (target, error) = ReleasePlanner.RollbackTarget(releases, currentId: 5, number: null);

        // Assert
        Assert.Null(error);
        Assert.Equal(2, target!.Number);
        var rollback = ReleasePlanner.ForRollback(target);
        Assert.Equal((ReleaseTrigger.Rollback, 2, "sha256:a"), (rollback.Trigger, rollback.SourceNumber, rollback.Digest));
    }

    [Fact]
    public void RollbackTarget_NoEarlierGoodRelease_SaysSo()
    {
        var releases = new[] { Release(2, ReleaseState.Running, 20), Release(1, ReleaseState.Failed, 10, "sha256:x") };

        var (target, error) = ReleasePlanner.RollbackTarget(releases, 2, null);

        Assert.Null(target);
        Assert.Contains("no earlier good release", error, StringComparison.Ordinal);
    }

    [Fact]
    public void RollbackTarget_UnknownNumber_SaysWhichIsMissing()
    {
        var (target, error) = ReleasePlanner.RollbackTarget([Release(1, ReleaseState.Running, 0)], 1, 9);

        Assert.Null(target);
        Assert.Equal("there is no release 9", error);
    }
}
