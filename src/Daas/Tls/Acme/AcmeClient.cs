using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Daas.Tls.Acme;

/// <summary>
/// An RFC 8555 client for one account on one ACME server: the account, the whole order flow for
/// one DNS name (with HTTP-01 or TLS-ALPN-01), and RFC 9773 renewal information. It knows nothing
/// of where certificates are stored or when to renew: that is the caller's. Safe for concurrent
/// orders once <see cref="EnsureAccountAsync"/> has returned. It owns <c>http</c> and disposes it;
/// the keys stay the caller's. Polling honours Retry-After and ends only with the caller's token.
/// </summary>
internal sealed partial class AcmeClient : IDisposable
{
    /// <summary>Without Retry-After: first look again after 250 ms (validations and finalization often take less), then back off to a second.</summary>
    private static readonly TimeSpan FirstPoll = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan LongestPoll = TimeSpan.FromSeconds(1);
    private static readonly byte[] EmptyObject = "{}"u8.ToArray();

    private readonly HttpClient _http;
    private readonly JwsSigner _signer;
    private readonly AcmeTransport _transport;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private Uri? _account;

    public AcmeClient(HttpClient http, Uri directory, ECDsa accountKey, TimeProvider time, ILogger? logger = null)
    {
        _http = http;
        _signer = new JwsSigner(accountKey);
        _time = time;
        _logger = logger ?? NullLogger.Instance;
        _transport = new AcmeTransport(http, directory, _signer, time, _logger);
    }

    /// <summary>
    /// newAccount with termsOfServiceAgreed (and a mailto contact when <paramref name="email"/> is
    /// given). The same key again finds the existing account (200 instead of 201). Returns the
    /// account URL, the <c>kid</c> of every later request.
    /// </summary>
    public async Task<Uri> EnsureAccountAsync(string? email, CancellationToken cancellationToken)
    {
        var directory = await _transport.DirectoryAsync(cancellationToken);
        var account = new AcmeAccount(TermsOfServiceAgreed: true, email is null ? null : [$"mailto:{email}"]);
        var response = await _transport.PostAsync(directory.NewAccount, Json(account, AcmeJsonContext.Default.AcmeAccount), kid: null, cancellationToken);
        _account = response.Location ?? throw new AcmeException("The ACME server answered newAccount without the account's URL (no Location header)");
        Log.AccountReady(_logger, _account, response.Status == HttpStatusCode.Created ? "created" : "found");
        return _account;
    }

    /// <summary>
    /// The whole flow for one DNS name: newOrder (with <c>replaces</c> when the server offers
    /// renewal information), each authorization (those already valid are skipped: servers reuse
    /// them), the chosen challenge answered through <paramref name="responder"/>, finalize with a
    /// CSR for exactly <paramref name="host"/> signed by <paramref name="certificateKey"/>, and the
    /// chain's download. An authorization that ends invalid throws with the CA's reason.
    /// </summary>
    public async Task<AcmeCertificate> OrderCertificateAsync(
        string host, ECDsa certificateKey, AcmeChallengeType challengeType, IAcmeChallengeResponder responder, string? replacesCertificateId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        var account = _account ?? throw new InvalidOperationException("EnsureAccountAsync must succeed before an order");
        var directory = await _transport.DirectoryAsync(cancellationToken);
        var (orderUrl, order) = await NewOrderAsync(directory, host, directory.RenewalInfo is null ? null : replacesCertificateId, account, cancellationToken);
        foreach (var authorization in order.Authorizations)
        {
            await AuthorizeAsync(authorization, challengeType, responder, account, cancellationToken);
        }

        var latest = await _transport.PostAsync(orderUrl, null, account, cancellationToken);
        order = await PollAsync(orderUrl, AcmeJsonContext.Default.AcmeOrder, o => o.Status == AcmeOrder.Pending, Read(latest, AcmeJsonContext.Default.AcmeOrder, orderUrl), latest.RetryAfter, account, cancellationToken);
        if (order.Status == AcmeOrder.Ready)
        {
            var csr = Json(new AcmeFinalize(Base64Url.EncodeToString(AcmeCsr.Create(host, certificateKey))), AcmeJsonContext.Default.AcmeFinalize);
            latest = await _transport.PostAsync(order.Finalize, csr, account, cancellationToken);
            order = await PollAsync(orderUrl, AcmeJsonContext.Default.AcmeOrder, o => o.Status is AcmeOrder.Ready or AcmeOrder.Processing, Read(latest, AcmeJsonContext.Default.AcmeOrder, order.Finalize), latest.RetryAfter, account, cancellationToken);
        }

        if (order.Status != AcmeOrder.Valid || order.Certificate is null)
        {
            var problem = order.Error is { } error ? AcmeProblem.FromJson(error) : null;
            throw new AcmeException($"The order for {host} ended {order.Status}: {problem?.Describe() ?? "the server gave no reason"}", problem);
        }

        var chain = await _transport.DownloadChainAsync(order.Certificate, account, cancellationToken);
        var certificate = AcmeCertificate.FromChainPem(Encoding.UTF8.GetString(chain.Body));
        Log.Issued(_logger, host, certificate.Issuer, certificate.NotAfter);
        return certificate;
    }

    /// <summary>RFC 9773 renewal information for a certificate this server issued; null when the directory offers none.</summary>
    public async Task<AcmeRenewalInfo?> GetRenewalInfoAsync(X509Certificate2 certificate, CancellationToken cancellationToken)
    {
        var directory = await _transport.DirectoryAsync(cancellationToken);
        if (directory.RenewalInfo is null)
        {
            return null;
        }

        var url = new Uri($"{directory.RenewalInfo.AbsoluteUri.TrimEnd('/')}/{AcmeRenewalInfo.CertificateId(certificate)}");
        var response = await _transport.GetAsync(url, cancellationToken);
        var window = Read(response, AcmeJsonContext.Default.AcmeRenewalWindow, url).SuggestedWindow;
        if (window.End <= window.Start)
        {
            // RFC 9773 §4.2: such a window counts as no answer at all.
            throw new AcmeException($"The ACME server's renewal window for {certificate.Subject} ends ({window.End:O}) before it starts ({window.Start:O})", retryAfter: response.RetryAfter);
        }

        return new AcmeRenewalInfo(window.Start, window.End, response.RetryAfter);
    }

    public void Dispose() => _http.Dispose();

    private async Task<(Uri Url, AcmeOrder Order)> NewOrderAsync(AcmeDirectory directory, string host, string? replaces, Uri account, CancellationToken cancellationToken)
    {
        AcmeResponse response;
        try
        {
            response = await _transport.PostAsync(directory.NewOrder, Json(new AcmeNewOrder([new AcmeIdentifier("dns", host)], replaces), AcmeJsonContext.Default.AcmeNewOrder), account, cancellationToken);
        }
        catch (AcmeException e) when (replaces is not null && !e.IsRateLimited)
        {
            // alreadyReplaced (an earlier renewal got its certificate but the caller never kept
            // it), or a server refusing "replaces" for another reason (a certificate of another
            // account, RFC 9773 §5): order afresh, or the certificate still served could never be renewed.
            Log.ReplacesRefused(_logger, host, e.Problem?.Type ?? e.Message);
            response = await _transport.PostAsync(directory.NewOrder, Json(new AcmeNewOrder([new AcmeIdentifier("dns", host)], null), AcmeJsonContext.Default.AcmeNewOrder), account, cancellationToken);
        }

        var url = response.Location ?? throw new AcmeException($"The ACME server answered the order for {host} without the order's URL (no Location header)");
        return (url, Read(response, AcmeJsonContext.Default.AcmeOrder, url));
    }

    private async Task AuthorizeAsync(Uri url, AcmeChallengeType type, IAcmeChallengeResponder responder, Uri account, CancellationToken cancellationToken)
    {
        var authorization = Read(await _transport.PostAsync(url, null, account, cancellationToken), AcmeJsonContext.Default.AcmeAuthorization, url);
        var host = authorization.Identifier.Value;
        if (authorization.Status == AcmeAuthorization.Valid)
        {
            Log.AuthorizationReused(_logger, host);
            return;
        }

        if (authorization.Status != AcmeAuthorization.Pending)
        {
            throw new AcmeException($"The authorization for {host} is {authorization.Status}, so it can no longer be validated");
        }

        var wireName = AcmeChallenge.WireName(type);
        var challenge = authorization.Challenges.FirstOrDefault(c => c.Type == wireName)
            ?? throw new AcmeException($"The ACME server offers no {wireName} challenge for {host}; it offers {string.Join(", ", authorization.Challenges.Select(c => c.Type))}");
        var token = challenge.Token ?? throw new AcmeException($"The ACME server's {wireName} challenge for {host} has no token");
        var answer = new AcmeChallengeAnswer(type, host, token, _signer.KeyAuthorization(token));
        Log.Validating(_logger, host, wireName);
        try
        {
            await responder.PresentAsync(answer, cancellationToken);
            TimeSpan? wait = null;
            if (challenge.Status == AcmeChallenge.Pending)
            {
                wait = (await _transport.PostAsync(challenge.Url, EmptyObject, account, cancellationToken)).RetryAfter;
            }

            authorization = await PollAsync(url, AcmeJsonContext.Default.AcmeAuthorization, a => a.Status == AcmeAuthorization.Pending, authorization, wait, account, cancellationToken);
        }
        finally
        {
            // Also when cancelled: a stale answer must not stay served.
            await responder.RemoveAsync(answer, CancellationToken.None);
        }

        if (authorization.Status != AcmeAuthorization.Valid)
        {
            var problem = authorization.Challenges.FirstOrDefault(c => c.Type == wireName)?.Error is { } error ? AcmeProblem.FromJson(error) : null;
            throw new AcmeException($"The CA could not validate {host} by {wireName}: {problem?.Describe() ?? $"the authorization is {authorization.Status}"}", problem);
        }

        Log.Validated(_logger, host, wireName);
    }

    /// <summary>Fetches <paramref name="url"/> again while <paramref name="inProgress"/> holds, waiting Retry-After (else 250 ms, doubling to a second) between fetches.</summary>
    private async Task<T> PollAsync<T>(Uri url, JsonTypeInfo<T> type, Func<T, bool> inProgress, T current, TimeSpan? wait, Uri account, CancellationToken cancellationToken)
    {
        var poll = FirstPoll;
        while (inProgress(current))
        {
            await Task.Delay(wait is { } retryAfter && retryAfter > TimeSpan.Zero ? retryAfter : poll, _time, cancellationToken);
            poll = poll * 2 < LongestPoll ? poll * 2 : LongestPoll;
            var response = await _transport.PostAsync(url, null, account, cancellationToken);
            current = Read(response, type, url);
            wait = response.RetryAfter;
        }

        return current;
    }

    private static T Read<T>(AcmeResponse response, JsonTypeInfo<T> type, Uri url) => AcmeTransport.Read(response, type, url);

    private static byte[] Json<T>(T value, JsonTypeInfo<T> type) => JsonSerializer.SerializeToUtf8Bytes(value, type);
}
