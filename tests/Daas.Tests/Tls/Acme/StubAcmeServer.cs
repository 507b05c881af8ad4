using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Daas.Tests.Tls.Acme;

/// <summary>
/// An ACME server in a message handler, for the client's behaviour that Pebble cannot show on
/// demand (a badNonce at a chosen request, rate limits, renewal information). It serves the
/// directory and nonces; every signed POST goes to <see cref="OnPost"/>, which answers by path.
/// Every request is recorded, with its JWS header and payload decoded.
/// </summary>
internal sealed class StubAcmeServer(bool renewalInfo) : HttpMessageHandler
{
    public static readonly Uri DirectoryUrl = new("https://ca.test/dir");
    private int _nonces;

    public ConcurrentQueue<Recorded> Requests { get; } = new();

    /// <summary>Answers a signed POST; null means 404.</summary>
    public Func<Recorded, HttpResponseMessage?> OnPost { get; set; } = _ => null;

    /// <summary>Answers an unsigned GET other than the directory; null means 404.</summary>
    public Func<string, HttpResponseMessage?> OnGet { get; set; } = _ => null;

    public static HttpResponseMessage Json(HttpStatusCode status, string json, string contentType = "application/json") =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, contentType) };

    public static HttpResponseMessage Problem(HttpStatusCode status, string type, string detail) =>
        Json(status, $$"""{"type":"urn:ietf:params:acme:error:{{type}}","detail":"{{detail}}","status":{{(int)status}}}""", "application/problem+json");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath;
        var body = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var recorded = Recorded.From(request, path, body);
        Requests.Enqueue(recorded);
        var response = (request.Method.Method, path) switch
        {
            ("GET", "/dir") => Json(HttpStatusCode.OK, $$"""
                {"newNonce":"https://ca.test/nonce","newAccount":"https://ca.test/account","newOrder":"https://ca.test/order"{{(renewalInfo ? ",\"renewalInfo\":\"https://ca.test/renewal-info/\"" : "")}}}
                """),
            ("HEAD", "/nonce") => new HttpResponseMessage(HttpStatusCode.OK),
            ("POST", _) => OnPost(recorded),
            ("GET", _) => OnGet(path),
            _ => null,
        } ?? new HttpResponseMessage(HttpStatusCode.NotFound);
        response.Headers.TryAddWithoutValidation("Replay-Nonce", $"nonce-{Interlocked.Increment(ref _nonces)}");
        return response;
    }

    /// <summary>One request as the server saw it; for a POST, the JWS header and payload decoded.</summary>
    internal sealed record Recorded(string Method, string Path, string? UserAgent, JsonElement? Header, string? Payload)
    {
        public string? Nonce => Header?.GetProperty("nonce").GetString();

        public static Recorded From(HttpRequestMessage request, string path, byte[]? body)
        {
            JsonElement? header = null;
            string? payload = null;
            if (body is { Length: > 0 })
            {
                var jws = JsonDocument.Parse(body).RootElement;
                header = JsonDocument.Parse(Base64Url.DecodeFromChars(jws.GetProperty("protected").GetString())).RootElement;
                payload = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(jws.GetProperty("payload").GetString()));
            }

            return new Recorded(request.Method.Method, path, request.Headers.UserAgent.ToString(), header, payload);
        }
    }
}
