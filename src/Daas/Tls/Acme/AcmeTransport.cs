using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;

namespace Daas.Tls.Acme;

/// <summary>
/// The HTTP side of ACME: the directory (fetched once), nonces, signed POSTs and unsigned GETs,
/// each with a User-Agent (RFC 8555 §6.1). A <c>badNonce</c> answer is retried with the nonce
/// that came with it (§6.5); any other error status becomes an <see cref="AcmeException"/>
/// carrying the server's problem document and Retry-After.
/// </summary>
internal sealed partial class AcmeTransport(HttpClient http, Uri directoryUrl, JwsSigner signer, TimeProvider time, ILogger logger)
{
    /// <summary>Pebble rejects 5 % of good nonces; a few tries make a string of rejections vanishingly rare.</summary>
    private const int NonceAttempts = 5;

    private static readonly ProductInfoHeaderValue[] UserAgent =
        [new("Daas.Tls.Acme", "1.0"), new("dotnet", Environment.Version.ToString())];

    private readonly AcmeNonces _nonces = new();
    private AcmeDirectory? _directory;

    public async Task<AcmeDirectory> DirectoryAsync(CancellationToken cancellationToken)
    {
        if (_directory is null)
        {
            var response = await GetAsync(directoryUrl, cancellationToken);
            _directory = Read(response, AcmeJsonContext.Default.AcmeDirectory, directoryUrl);
        }

        return _directory;
    }

    /// <summary>An unauthenticated GET (the directory, RFC 9773 renewal information).</summary>
    public async Task<AcmeResponse> GetAsync(Uri url, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Get, url);
        using var response = await http.SendAsync(request, cancellationToken);
        _nonces.Remember(response.Headers);
        return await ReadAsync(response, url, cancellationToken) ?? throw await FailureAsync(response, url, cancellationToken);
    }

    /// <summary>
    /// A signed POST of <paramref name="payload"/> (null: POST-as-GET) to <paramref name="url"/>,
    /// as the account <paramref name="kid"/>, or with the bare key when it is null (newAccount).
    /// </summary>
    public Task<AcmeResponse> PostAsync(Uri url, byte[]? payload, Uri? kid, CancellationToken cancellationToken) =>
        SignedAsync(url, payload, kid, "application/json", cancellationToken);

    /// <summary>POST-as-GET of an issued certificate, as the PEM chain (RFC 8555 §7.4.2).</summary>
    public Task<AcmeResponse> DownloadChainAsync(Uri url, Uri kid, CancellationToken cancellationToken) =>
        SignedAsync(url, null, kid, "application/pem-certificate-chain", cancellationToken);

    /// <summary>Deserializes a JSON body; a body that does not fit is the server's fault, said as such.</summary>
    public static T Read<T>(AcmeResponse response, JsonTypeInfo<T> type, Uri url)
    {
        try
        {
            return JsonSerializer.Deserialize(response.Body, type) ?? throw new JsonException("null");
        }
        catch (JsonException e)
        {
            throw new AcmeException($"The ACME server's answer from {url} is not what RFC 8555 describes: {e.Message}", inner: e);
        }
    }

    private async Task<AcmeResponse> SignedAsync(Uri url, byte[]? payload, Uri? kid, string accept, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var nonce = await NonceAsync(cancellationToken);
            using var request = Request(HttpMethod.Post, url);
            request.Headers.Accept.ParseAdd(accept);
            request.Content = new ByteArrayContent(signer.Sign(url, nonce, kid, payload));
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/jose+json");
            using var response = await http.SendAsync(request, cancellationToken);
            _nonces.Remember(response.Headers);
            if (await ReadAsync(response, url, cancellationToken) is { } read)
            {
                return read;
            }

            var failure = await FailureAsync(response, url, cancellationToken);
            if (failure.Problem?.Type != AcmeProblem.BadNonce || attempt == NonceAttempts)
            {
                throw failure;
            }

            Log.BadNonce(logger, url.AbsolutePath, attempt);
        }
    }

    private async Task<string> NonceAsync(CancellationToken cancellationToken)
    {
        if (_nonces.TryTake(out var nonce))
        {
            return nonce;
        }

        var newNonce = (await DirectoryAsync(cancellationToken)).NewNonce;
        using var request = Request(HttpMethod.Head, newNonce);
        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode || !response.Headers.TryGetValues("Replay-Nonce", out var values) || values.FirstOrDefault() is not { Length: > 0 } fresh)
        {
            throw new AcmeException($"The ACME server gave no nonce at {newNonce} (HTTP {(int)response.StatusCode})");
        }

        return fresh;
    }

    private static HttpRequestMessage Request(HttpMethod method, Uri url)
    {
        var request = new HttpRequestMessage(method, url);
        foreach (var product in UserAgent)
        {
            request.Headers.UserAgent.Add(product);
        }

        return request;
    }

    /// <summary>The read response when the status is a success; null otherwise.</summary>
    private async Task<AcmeResponse?> ReadAsync(HttpResponseMessage response, Uri url, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            return null;
        }

        var location = response.Headers.Location is { } relative ? new Uri(url, relative) : null;
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return new AcmeResponse(response.StatusCode, location, AcmeRetryAfter.From(response.Headers, time.GetUtcNow()), body);
    }

    private async Task<AcmeException> FailureAsync(HttpResponseMessage response, Uri url, CancellationToken cancellationToken)
    {
        var problem = AcmeProblem.TryParse(await response.Content.ReadAsByteArrayAsync(cancellationToken));
        var why = problem?.Describe() ?? "no problem document";
        return new AcmeException($"The ACME server answered {(int)response.StatusCode} to {url.AbsolutePath}: {why}", problem, AcmeRetryAfter.From(response.Headers, time.GetUtcNow()));
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4901, Level = LogLevel.Debug, Message = "ACME server rejected the nonce for {Path} (attempt {Attempt}); retrying with the one it sent back")]
        public static partial void BadNonce(ILogger logger, string path, int attempt);
    }
}
