using System.Threading.RateLimiting;

namespace Daas.Hosting;

/// <summary>
/// Slows down password guessing: after LOGIN_FAILURES_PER_MINUTE failed logins from one client
/// (one <see cref="LoginThrottleKey"/>) within <see cref="Window"/>, every request from it that
/// carries credentials gets 429 until the window ends. Requests without credentials (a client's
/// first probe) never count.
/// </summary>
internal sealed class AuthFailureLimiter(DaasOptions options) : IDisposable
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly PartitionedRateLimiter<string> _failures = PartitionedRateLimiter.Create<string, string>(address =>
        RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.LoginFailuresPerMinute,
            Window = Window,
            QueueLimit = 0,
        }));

    /// <summary>True when the address has used up its failed attempts for this window.</summary>
    public bool IsBlocked(string address)
    {
        using var probe = _failures.AttemptAcquire(address, 0);
        return !probe.IsAcquired;
    }

    public void RecordFailure(string address)
    {
        using var lease = _failures.AttemptAcquire(address, 1);
    }

    public void Dispose() => _failures.Dispose();
}
