using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using Daas.Registry.Api;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Daas.Hosting;

/// <summary>
/// HTTP Basic against the one USERNAME/PASSWORD pair, compared in constant time. The challenge
/// carries a Basic realm, which is what docker login and skopeo expect from a registry. Failed
/// attempts are counted per client by <see cref="AuthFailureLimiter"/>: per IPv4 address, per
/// IPv6 /64 (see <see cref="LoginThrottleKey"/>).
/// </summary>
internal sealed class BasicAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    CredentialCheck credentials,
    EngineCredentials engine,
    AuthFailureLimiter failures)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, loggerFactory, encoder)
{
    public const string SchemeName = "Basic";
    public const string Challenge = "Basic realm=\"DaaS\", charset=\"UTF-8\"";
    private const string BlockedKey = "daas.auth.blocked";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (header is null || !header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var decoded = TryDecode(header["Basic ".Length..].Trim(), out var user, out var password);
        if (decoded && IsEnginePull(user, password))
        {
            return Task.FromResult(Success(user));
        }

        var address = LoginThrottleKey.For(Context.Connection.RemoteIpAddress);
        if (failures.IsBlocked(address))
        {
            Context.Items[BlockedKey] = true;
            return Task.FromResult(AuthenticateResult.Fail("too many failed logins"));
        }

        if (!decoded || !credentials.Matches(user, password))
        {
            failures.RecordFailure(address);
            return Task.FromResult(AuthenticateResult.Fail("invalid credentials"));
        }

        return Task.FromResult(Success(user));
    }

    private static AuthenticateResult Success(string user)
    {
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, user)], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    /// <summary>The engine's own credentials, good only for reading the registry.</summary>
    private bool IsEnginePull(string user, string password) =>
        (HttpMethods.IsGet(Request.Method) || HttpMethods.IsHead(Request.Method))
        && Request.Path.StartsWithSegments("/v2")
        && CredentialCheck.FixedTimeEquals(user, engine.Username) & CredentialCheck.FixedTimeEquals(password, engine.Password);

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Context.Items.ContainsKey(BlockedKey))
        {
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Response.Headers.RetryAfter = ((int)AuthFailureLimiter.Window.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (Request.Path.StartsWithSegments("/v2"))
            {
                await RegistryErrors.WriteAsync(Context, RegistryErrorCode.TooManyRequests, "too many failed logins from this address; wait and try again");
            }

            return;
        }

        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = Challenge;
        if (Request.Path.StartsWithSegments("/v2"))
        {
            await RegistryErrors.WriteAsync(Context, RegistryErrorCode.Unauthorized, "authentication required");
        }
    }

    private static bool TryDecode(string encoded, out string user, out string password)
    {
        user = password = "";
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                return false;
            }

            user = text[..colon];
            password = text[(colon + 1)..];
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
