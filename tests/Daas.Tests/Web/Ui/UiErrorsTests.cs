using System.Net;
using Daas.Web.Ui;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Daas.Tests.Web.Ui;

/// <summary>An in-process host on loopback, in Development (where WebApplication adds the developer exception page).</summary>
public sealed class UiErrorsTests : IAsyncLifetime
{
    private const string Secret = "secret-detail-from-the-exception";
    private WebApplication _app = null!;
    private Uri _base = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.AddUi();
        _app = builder.Build();
        // Ahead of UseDaasHostSecurity, as the proxy and TLS middleware are: only the developer page could catch this.
        _app.Use(next => context => context.Request.Path == "/early" ? throw new InvalidOperationException(Secret) : next(context));
        _app.UseDaasHostSecurity();
        _app.MapGet("/boom", IResult () => throw new InvalidOperationException(Secret));
        _app.MapGet("/api/boom", IResult () => throw new InvalidOperationException(Secret));
        await _app.StartAsync();
        _base = new Uri(_app.Urls.Single());
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
    }

    [Theory]
    [InlineData("/boom")]
    [InlineData("/early")]
    public async Task Exception_OnAPage_IsAPlainErrorPageWithoutDetails(string path)
    {
        // Act
        using var http = new HttpClient { BaseAddress = _base };
        using var response = await http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();

        // Assert
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("Something went wrong", body, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, body, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exception_OnTheApi_IsAProblemWithoutDetails()
    {
        // Act
        using var http = new HttpClient { BaseAddress = _base };
        using var response = await http.GetAsync("/api/boom");
        var body = await response.Content.ReadAsStringAsync();

        // Assert
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.DoesNotContain(Secret, body, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", body, StringComparison.Ordinal);
    }
}
