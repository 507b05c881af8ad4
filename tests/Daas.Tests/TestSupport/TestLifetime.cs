using Microsoft.Extensions.Hosting;

namespace Daas.Tests.TestSupport;

/// <summary>A host lifetime whose ApplicationStarted fires when the test says (at once by default).</summary>
public sealed class TestLifetime : IHostApplicationLifetime, IDisposable
{
    private readonly CancellationTokenSource _started = new();

    public TestLifetime(bool started = true)
    {
        if (started)
        {
            _started.Cancel();
        }
    }

    public CancellationToken ApplicationStarted => _started.Token;
    public CancellationToken ApplicationStopping => CancellationToken.None;
    public CancellationToken ApplicationStopped => CancellationToken.None;

    public void Start() => _started.Cancel();

    public void StopApplication()
    {
    }

    public void Dispose() => _started.Dispose();
}
