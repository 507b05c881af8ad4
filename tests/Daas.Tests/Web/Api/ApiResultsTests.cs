using System.Text.Json;
using Daas.Web.Actions;
using Daas.Web.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Daas.Tests.Web.Api;

/// <summary>Each outcome status becomes its HTTP answer: code, Location, problem title and detail, validation errors.</summary>
public sealed class ApiResultsTests
{
    [Theory]
    [InlineData(nameof(ActionStatus.NotFound), null, 404, "Not found")]
    [InlineData(nameof(ActionStatus.NotFound), "Unknown app", 404, "Unknown app")]
    [InlineData(nameof(ActionStatus.Conflict), null, 409, "Conflict")]
    [InlineData(nameof(ActionStatus.Conflict), "Attached container", 409, "Attached container")]
    public async Task Of_Failure_IsAProblemWithItsTitleAndDetail(string status, string? title, int code, string expectedTitle)
    {
        // Arrange
        var outcome = new ActionOutcome<string>(Enum.Parse<ActionStatus>(status), null, "what and which") { Title = title };

        // Act
        var (statusCode, _, body) = await ExecuteAsync(ApiResults.Of(outcome));

        // Assert
        Assert.Equal(code, statusCode);
        using var problem = JsonDocument.Parse(body);
        Assert.Equal(expectedTitle, problem.RootElement.GetProperty("title").GetString());
        Assert.Equal("what and which", problem.RootElement.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Of_Invalid_IsAValidationProblemOnItsField()
    {
        // Act
        var (statusCode, _, body) = await ExecuteAsync(ApiResults.Of(ActionOutcome<string>.Invalid("tail", "tail must be between 1 and 10000, not 0")));

        // Assert
        Assert.Equal(400, statusCode);
        using var problem = JsonDocument.Parse(body);
        Assert.Equal("tail must be between 1 and 10000, not 0", problem.RootElement.GetProperty("errors").GetProperty("tail")[0].GetString());
    }

    [Fact]
    public async Task Of_Accepted_Is202WithLocationAndValue_AndDoneIs200()
    {
        // Act
        var accepted = await ExecuteAsync(ApiResults.Of(ActionOutcome<string>.Accepted("queued"), "/api/apps/web"));
        var done = await ExecuteAsync(ApiResults.Of(ActionOutcome<string>.Done("now")));

        // Assert
        Assert.Equal((202, "/api/apps/web", "\"queued\""), accepted);
        Assert.Equal((200, null, "\"now\""), done);
    }

    private static async Task<(int Status, string? Location, string Body)> ExecuteAsync(IResult result)
    {
        var services = new ServiceCollection().AddLogging().AddProblemDetails();
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, WebJsonContext.Default));
        await using var provider = services.BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = provider };
        context.Response.Body = new MemoryStream();
        await result.ExecuteAsync(context);
        context.Response.Body.Position = 0;
        var location = context.Response.Headers.Location.ToString();
        return (context.Response.StatusCode, location.Length == 0 ? null : location, await new StreamReader(context.Response.Body).ReadToEndAsync());
    }
}
