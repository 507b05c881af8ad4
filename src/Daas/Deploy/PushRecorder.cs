using Daas.Registry;
using Daas.State;

namespace Daas.Deploy;

/// <summary>
/// Listens to the registry: a tagged push to a repository whose name is an app name records a
/// new desired release (durably, before the registry answers 201) and wakes the app's deploy.
/// </summary>
internal sealed partial class PushRecorder(ReleaseRepository releases, DeployScheduler scheduler, ILogger<PushRecorder> logger) : IImagePushedListener
{
    public async Task OnImagePushedAsync(ImagePushed pushed, CancellationToken cancellationToken)
    {
        if (!AppName.IsValid(pushed.Repository))
        {
            Log.NotAnApp(logger, pushed.Repository);
            return;
        }

        var digest = pushed.Digest.ToString();
        var release = await releases.CreateDesiredAsync(pushed.Repository,
            // Not the request's token: the manifest is stored, so its release is recorded even if the client goes away.
            (desired, newest) => ReleasePlanner.ForPush(desired, newest, digest, $"pushed {pushed.Repository}:{pushed.Tag}"), CancellationToken.None);
        if (release is null)
        {
            Log.AlreadyDesired(logger, pushed.Repository, digest);
        }

        // Woken either way: a push of the running digest also brings back a container that went missing.
        scheduler.Wake(pushed.Repository);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2101, Level = LogLevel.Information,
            Message = "{Repository} is stored but not deployed: only single-segment names that are valid host names (a-z, 0-9, '-') deploy as apps")]
        public static partial void NotAnApp(ILogger logger, string repository);

        [LoggerMessage(EventId = 2102, Level = LogLevel.Information, Message = "{App} already runs or is deploying {Digest}; no new release")]
        public static partial void AlreadyDesired(ILogger logger, string app, string digest);
    }
}
