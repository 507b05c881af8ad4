using System.Net;
using System.Text.RegularExpressions;

namespace Daas.IntegrationTests.Fixtures;

/// <summary>
/// A browser's part of talking to DaaS's UI without a browser: a cookie jar, no redirects
/// followed (tests assert them), and the antiforgery token scraped from a page's hidden input.
/// </summary>
public sealed partial class UiClient : IDisposable
{
    private readonly HttpClient _http;

    public UiClient(Uri baseAddress, HttpMessageHandler? inner = null)
    {
        Cookies = new CookieContainer();
        var handler = inner as SocketsHttpHandler ?? new SocketsHttpHandler();
        handler.CookieContainer = Cookies;
        handler.UseCookies = true;
        handler.AllowAutoRedirect = false;
        _http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public CookieContainer Cookies { get; }

    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request) => _http.SendAsync(request);

    public Task<HttpResponseMessage> GetAsync(string path) => _http.GetAsync(path);

    /// <summary>GETs the page and returns the value of its antiforgery hidden input.</summary>
    public async Task<string> FormTokenAsync(string path)
    {
        using var response = await _http.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();
        var match = TokenInput().Match(html);
        Assert.True(match.Success, $"no antiforgery input on {path} ({response.StatusCode}):\n{html}");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    /// <summary>POSTs a form; the token field is added unless <paramref name="token"/> is null.</summary>
    public Task<HttpResponseMessage> PostFormAsync(string path, string? token, params (string Name, string Value)[] fields)
    {
        var values = fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)).ToList();
        if (token is not null)
        {
            values.Add(new("__RequestVerificationToken", token));
        }

        return _http.PostAsync(path, new FormUrlEncodedContent(values));
    }

    /// <summary>Signs in through the form, as a user would: GET the form, POST it.</summary>
    public async Task<HttpResponseMessage> SignInAsync(string username, string password, string returnUrl = "/") =>
        await PostFormAsync("sign-in", await FormTokenAsync("sign-in"), ("username", username), ("password", password), ("returnUrl", returnUrl));

    /// <summary>The daas_session cookie the jar holds for the base address, if any.</summary>
    public Cookie? SessionCookie => Cookies.GetCookies(_http.BaseAddress!).FirstOrDefault(c => c.Name == "daas_session");

    public void Dispose() => _http.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenInput();
}
