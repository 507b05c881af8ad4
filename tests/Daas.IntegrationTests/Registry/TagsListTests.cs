using System.Net;
using System.Text.Json;
using Daas.IntegrationTests.Fixtures;

namespace Daas.IntegrationTests.Registry;

[Collection(SharedDaasServer.Name)]
public sealed class TagsListTests(DaasFixture fixture)
{
    private const string Repository = "spec/tags";
    private readonly RegistryHttp _registry = new(fixture.Server);

    [Fact]
    public async Task Tags_paged_with_n_follow_the_Link_header_in_lexical_order_until_no_Link_remains()
    {
        // Given five tags pushed out of order, one of them upper-case
        foreach (var tag in new[] { "d", "B", "a", "e", "c" })
        {
            await _registry.PushImageAsync(Repository, tag);
        }

        // When the list is read two at a time, following each Link header
        var pages = new List<string[]>();
        string? next = $"/v2/{Repository}/tags/list?n=2";
        var links = new List<string>();
        while (next is not null)
        {
            using var response = await _registry.SendAsync(HttpMethod.Get, next);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            pages.Add(await TagsAsync(response));
            next = RegistryHttp.NextLink(response);
            links.Add(next ?? "");
        }

        // Then the pages hold every tag once, in ordinal order, and each Link names n and the last tag
        Assert.Equal(["B,a", "c,d", "e"], pages.Select(page => string.Join(',', page)));
        Assert.Equal([$"/v2/{Repository}/tags/list?n=2&last=a", $"/v2/{Repository}/tags/list?n=2&last=d", ""], links);
    }

    [Theory]
    [InlineData("n=0", "")]
    [InlineData("last=c", "d,e")]
    [InlineData("n=10&last=B", "a,c,d,e")]
    [InlineData("", "B,a,c,d,e")]
    public async Task Tags_list_honours_n_and_last_and_sends_no_Link_when_nothing_remains(string query, string expected)
    {
        // Given the five tags
        foreach (var tag in new[] { "a", "B", "c", "d", "e" })
        {
            await _registry.PushImageAsync(Repository, tag);
        }

        // When the list is asked for with the query
        using var response = await _registry.SendAsync(HttpMethod.Get, $"v2/{Repository}/tags/list?{query}");

        // Then it holds what follows last, at most n, and no Link header
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expected, string.Join(',', await TagsAsync(response)));
        Assert.Null(RegistryHttp.NextLink(response));
    }

    [Fact]
    public async Task Tags_list_of_an_unknown_repository_is_404_NAME_UNKNOWN()
    {
        using var response = await _registry.SendAsync(HttpMethod.Get, "v2/spec/never-pushed/tags/list");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("NAME_UNKNOWN", await RegistryHttp.ErrorCodeAsync(response));
    }

    [Theory]
    [InlineData("n=-1")]
    [InlineData("n=ten")]
    public async Task Tags_list_with_an_n_that_is_not_a_count_is_400_UNSUPPORTED(string query)
    {
        await _registry.PushImageAsync(Repository, "a");

        using var response = await _registry.SendAsync(HttpMethod.Get, $"v2/{Repository}/tags/list?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("UNSUPPORTED", await RegistryHttp.ErrorCodeAsync(response));
    }

    private static async Task<string[]> TagsAsync(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(Repository, document.RootElement.GetProperty("name").GetString());
        return document.RootElement.GetProperty("tags").EnumerateArray().Select(tag => tag.GetString()!).ToArray();
    }
}
