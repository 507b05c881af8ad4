using System.Security.Claims;
using Daas.Routing;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Daas.Tests.Routing;

public sealed class AppPasswordTests
{
    [Fact]
    public async Task Authorize_RightCredentials_LetsTheRequestOnWithoutTheAuthorizationHeader()
    {
        // Arrange
        var context = Context(succeeds: true);

        // Act
        var allowed = await AppPassword.AuthorizeAsync(context);

        // Assert: the app never sees DaaS's password
        Assert.True(allowed);
        Assert.False(context.Request.Headers.ContainsKey("Authorization"));
    }

    [Fact]
    public async Task Authorize_WrongCredentials_ChallengesAndStopsTheRequest()
    {
        var context = Context(succeeds: false);

        var allowed = await AppPassword.AuthorizeAsync(context);

        Assert.False(allowed);
        Assert.Equal(StatusCodes.Status401Unauthorized, context.Response.StatusCode);
    }

    private static DefaultHttpContext Context(bool succeeds)
    {
        var services = new ServiceCollection().AddSingleton<IAuthenticationService>(new FixedAuthentication(succeeds)).BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Request.Headers.Authorization = "Basic YWRtaW46c2VjcmV0";
        return context;
    }

    /// <summary>Authentication that succeeds or fails as told; a challenge answers 401.</summary>
    private sealed class FixedAuthentication(bool succeeds) : IAuthenticationService
    {
        public Task<AuthenticateResult> AuthenticateAsync(HttpContext context, string? scheme) =>
            Task.FromResult(succeeds
                ? AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity("Basic")), "Basic"))
                : AuthenticateResult.Fail("wrong"));

        public Task ChallengeAsync(HttpContext context, string? scheme, AuthenticationProperties? properties)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Task.CompletedTask;
        }

        public Task ForbidAsync(HttpContext context, string? scheme, AuthenticationProperties? properties) => Task.CompletedTask;

        public Task SignInAsync(HttpContext context, string? scheme, ClaimsPrincipal principal, AuthenticationProperties? properties) => Task.CompletedTask;

        public Task SignOutAsync(HttpContext context, string? scheme, AuthenticationProperties? properties) => Task.CompletedTask;
    }
}
