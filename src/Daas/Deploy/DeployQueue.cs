using System.Threading.Channels;
using Daas.Registry;

namespace Daas.Deploy;

/// <summary>
/// The deploy requests waiting for <see cref="DeployService"/>. It listens to the registry: a
/// tagged push to a repository whose name is an app name queues a deploy of that digest.
/// </summary>
internal sealed partial class DeployQueue(ILogger<DeployQueue> logger) : IImagePushedListener
{
    private readonly Channel<DeployRequest> _requests = Channel.CreateUnbounded<DeployRequest>(new UnboundedChannelOptions { SingleReader = true });

    public ChannelReader<DeployRequest> Reader => _requests.Reader;

    public void Enqueue(DeployRequest request) => _requests.Writer.TryWrite(request);

    public Task OnImagePushedAsync(ImagePushed pushed, CancellationToken cancellationToken)
    {
        if (!AppName.IsValid(pushed.Repository))
        {
            Log.NotAnApp(logger, pushed.Repository);
            return Task.CompletedTask;
        }

        Enqueue(new DeployRequest(pushed.Repository, pushed.Digest.ToString(), $"pushed {pushed.Repository}:{pushed.Tag}"));
        return Task.CompletedTask;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2101, Level = LogLevel.Information,
            Message = "{Repository} is stored but not deployed: only single-segment names that are valid host names (a-z, 0-9, '-') deploy as apps")]
        public static partial void NotAnApp(ILogger logger, string repository);
    }
}
