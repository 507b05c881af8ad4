using System.Collections.Concurrent;
using Daas.Tls.Acme;
using Microsoft.Extensions.Primitives;

namespace Daas.Tls;

/// <summary>
/// Keeps a certificate for every managed host: DOMAIN_NAME from the start and both names of every
/// deployed app. Serves what is on disk before the first handshake, then obtains what is missing,
/// renews at two thirds of the lifetime (or inside the CA's ARI window) and retries a failed host on
/// <see cref="RenewalPolicy.RetrySchedule"/>. One host at a time; a failing host never holds up the
/// others' service, and its old certificate keeps being served.
/// </summary>
internal sealed partial class CertificateManager(
    ICertificateIssuer issuer, CertificateStore store, CertificateSelector selector, IDeployedApps apps, IHostApplicationLifetime lifetime,
    DaasOptions options, TimeProvider time, ILogger<CertificateManager> logger)
    : BackgroundService
{
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan LongestSleep = TimeSpan.FromHours(1);
    private static readonly TimeSpan AdviceInterval = TimeSpan.FromHours(6);
    private static readonly TimeSpan AdviceFloor = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan AdviceCeiling = TimeSpan.FromDays(1);

    private readonly ConcurrentDictionary<string, ManagedHost> _hosts = new(StringComparer.Ordinal);

    /// <summary>Read and published by <see cref="StartAsync"/>; a host's first pass takes its entry instead of reading the file again.</summary>
    private readonly ConcurrentDictionary<string, StoredCertificate> _loadedAtStart = new(StringComparer.Ordinal);
    private volatile TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IDisposable? _watch;

    /// <summary>Before Kestrel listens: every certificate on disk is served from the first handshake.</summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var host in store.ListHosts())
        {
            if (LoadSafely(host) is { } certificate)
            {
                selector.Publish(certificate, IsPublic(certificate));
                _loadedAtStart[host] = certificate;
            }
        }

        _watch = ChangeToken.OnChange(apps.GetChangeToken, Wake);
        return base.StartAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _watch?.Dispose();
        base.Dispose();
    }

    /// <summary>Looks at the managed hosts again now (an app was deployed, say).</summary>
    public void Wake() => _wake.TrySetResult();

    public IReadOnlyList<CertificateStatus> Statuses()
    {
        var now = time.GetUtcNow();
        return _hosts.Values.OrderBy(e => e.Host, StringComparer.Ordinal).Select(e => e.Status(now)).ToList();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The CA validates by connecting to HTTP_PORT or HTTPS_PORT: order nothing before both listen.
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => listening.TrySetResult()))
        using (stoppingToken.Register(() => listening.TrySetCanceled(stoppingToken)))
        {
            try
            {
                await listening.Task;
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            // A wake during this pass completes this source, so the loop goes round again at once.
            var wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _wake = wake;
            var managed = Managed();
            selector.SetManaged(managed);
            foreach (var gone in _hosts.Keys.Where(h => !managed.Contains(h)))
            {
                // A deleted app: its names are no longer served its certificate, nor renewed.
                _hosts.TryRemove(gone, out _);
                selector.Remove(gone);
            }

            // DOMAIN_NAME first: the registry and the API are on it.
            foreach (var host in managed.OrderBy(h => h == options.DomainName ? 0 : 1).ThenBy(h => h, StringComparer.Ordinal))
            {
                _hosts[host] = await TendAsync(_hosts.TryGetValue(host, out var known) ? known : Adopt(host), stoppingToken);
            }

            var next = _hosts.Values.Select(e => e.NextAction(IsCurrent(e.Certificate))).DefaultIfEmpty(DateTimeOffset.MaxValue).Min();
            var sleep = next - time.GetUtcNow();
            sleep = sleep < TimeSpan.Zero ? TimeSpan.Zero : sleep > LongestSleep ? LongestSleep : sleep;
            try
            {
                await Task.WhenAny(Task.Delay(sleep, time, stoppingToken), wake.Task);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One host's turn: obtain or renew when due, else ask the CA for advice when that is due. Never throws but for shutdown.</summary>
    private async Task<ManagedHost> TendAsync(ManagedHost entry, CancellationToken stoppingToken)
    {
        var now = time.GetUtcNow();
        try
        {
            if (entry.IsDue(now, IsCurrent(entry.Certificate)))
            {
                return await ObtainAsync(entry, stoppingToken);
            }

            return entry.AdviceAt <= now && entry.Certificate?.Source == CertificateSource.Acme ? await AskForAdviceAsync(entry, stoppingToken) : entry;
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            // A fault here must not end the loop: a BackgroundService that throws stops all of DaaS.
            var failures = entry.Failures + 1;
            var retryAt = RenewalPolicy.NextRetry(failures, now, null);
            Log.Failed(logger, entry.Host, failures, e.Message, retryAt);
            return entry with { Failures = failures, LastError = e.Message, RetryAt = retryAt };
        }
    }

    /// <summary>A host newly managed (an app deployed, or again): what is on disk for it is served at once.</summary>
    private ManagedHost Adopt(string host)
    {
        if (_loadedAtStart.TryRemove(host, out var published))
        {
            return ManagedHost.From(host, published);
        }

        var stored = LoadSafely(host);
        if (stored is not null)
        {
            selector.Publish(stored, IsPublic(stored));
        }

        return ManagedHost.From(host, stored);
    }

    /// <summary>The stored certificate, or null (logged) when its file cannot be read: one bad file must not stop the others.</summary>
    private StoredCertificate? LoadSafely(string host)
    {
        try
        {
            return store.Load(host);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.Unreadable(logger, host, e.Message);
            return null;
        }
    }

    /// <summary>Made by today's issuer: the same kind, and for ACME the same directory (a switch from staging to production obtains anew).</summary>
    private bool IsCurrent(StoredCertificate? certificate) =>
        certificate is not null && certificate.Source == issuer.Source && (certificate.Source == CertificateSource.LocalCa || certificate.IssuedBy == issuer.Name);

    /// <summary>Counts for redirects and HSTS: from the ACME CA DaaS uses now, not from one it used before.</summary>
    private bool IsPublic(StoredCertificate certificate) => certificate.Source == CertificateSource.Acme && IsCurrent(certificate);

    private HashSet<string> Managed()
    {
        var hosts = new HashSet<string>(StringComparer.Ordinal) { options.DomainName };
        foreach (var app in apps.DeployedApps)
        {
            foreach (var host in new[] { $"{app}.{options.DomainName}", $"www.{app}.{options.DomainName}" })
            {
                if (DaasOptions.IsValidDomain(host))
                {
                    hosts.Add(host);
                }
            }
        }

        return hosts;
    }

    private async Task<ManagedHost> ObtainAsync(ManagedHost entry, CancellationToken stoppingToken)
    {
        var issued = entry.Unsaved;
        try
        {
            if (issued is null)
            {
                using var timeout = new CancellationTokenSource(AttemptTimeout, time);
                using var attempt = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, timeout.Token);
                Log.Obtaining(logger, entry.Host, entry.Certificate is null ? "it has none" : "it is due for renewal", issuer.Name);
                issued = await issuer.IssueAsync(entry.Host, entry.Certificate, attempt.Token);
            }

            await store.SaveAsync(entry.Host, issued.ChainPem, issued.KeyPem, issuer.Source, issuer.Name, stoppingToken);
            var stored = store.Load(entry.Host) ?? throw new IOException("the certificate just saved could not be read back");
            selector.Publish(stored, IsPublic(stored));
            var fresh = ManagedHost.From(entry.Host, stored);
            Log.Obtained(logger, entry.Host, fresh.ValidUntil!.Value, fresh.RenewAt!.Value);
            return fresh;
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            var failures = entry.Failures + 1;
            var retryAt = RenewalPolicy.NextRetry(failures, time.GetUtcNow(), (e as AcmeException)?.RetryAfter);
            if (issued is not null)
            {
                // Issued but not stored (DATA_DIR full, say): keep it and retry only the save, since
                // ordering again for the same name soon meets the CA's duplicate-certificate limit.
                var reason = $"the certificate was issued but could not be saved: {e.Message}";
                Log.Failed(logger, entry.Host, failures, reason, retryAt);
                return entry with { Failures = failures, LastError = reason, RetryAt = retryAt, Unsaved = issued };
            }

            var message = e is OperationCanceledException ? $"no certificate after {AttemptTimeout.TotalMinutes:0} min" : e.Message;
            Log.Failed(logger, entry.Host, failures, message, retryAt);
            return entry with { Failures = failures, LastError = message, RetryAt = retryAt };
        }
    }

    /// <summary>Asks the CA when to renew (RFC 9773); a CA without renewal information is not asked again.</summary>
    private async Task<ManagedHost> AskForAdviceAsync(ManagedHost entry, CancellationToken stoppingToken)
    {
        var now = time.GetUtcNow();
        try
        {
            var advice = await issuer.AdviseRenewalAsync(entry.Certificate!, stoppingToken);
            if (advice is null)
            {
                return entry with { AdviceAt = DateTimeOffset.MaxValue };
            }

            var renewAt = RenewalPolicy.RenewAt(entry.ValidFrom!.Value, entry.ValidUntil!.Value, advice, now, Random.Shared);
            // RFC 9773 §4.3: a Retry-After of 0 or years would mean asking in a loop, or never.
            var askAgain = advice.AskAgainAfter is { } after ? TimeSpan.FromTicks(Math.Clamp(after.Ticks, AdviceFloor.Ticks, AdviceCeiling.Ticks)) : AdviceInterval;
            return entry with { RenewAt = renewAt, AdviceAt = now + askAgain };
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            Log.AdviceFailed(logger, entry.Host, e.Message);
            return entry with { AdviceAt = now + AdviceInterval };
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4021, Level = LogLevel.Information, Message = "Obtaining a certificate for {Host} ({Why}) from {Issuer}")]
        public static partial void Obtaining(ILogger logger, string host, string why, string issuer);

        [LoggerMessage(EventId = 4022, Level = LogLevel.Information, Message = "Certificate for {Host} obtained, valid until {ValidUntil:u}; renews at {RenewAt:u}")]
        public static partial void Obtained(ILogger logger, string host, DateTimeOffset validUntil, DateTimeOffset renewAt);

        [LoggerMessage(EventId = 4023, Level = LogLevel.Warning, Message = "No certificate for {Host} (attempt {Failures}): {Reason}; next try at {RetryAt:u}")]
        public static partial void Failed(ILogger logger, string host, int failures, string reason, DateTimeOffset retryAt);

        [LoggerMessage(EventId = 4025, Level = LogLevel.Warning, Message = "The stored certificate of {Host} cannot be read ({Reason}); a new one is obtained")]
        public static partial void Unreadable(ILogger logger, string host, string reason);

        [LoggerMessage(EventId = 4024, Level = LogLevel.Debug, Message = "Renewal information for {Host} not available: {Reason}")]
        public static partial void AdviceFailed(ILogger logger, string host, string reason);
    }
}
