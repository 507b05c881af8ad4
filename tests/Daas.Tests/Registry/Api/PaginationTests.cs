using Daas.Registry.Api;

namespace Daas.Tests.Registry.Api;

public sealed class PaginationTests
{
    private static readonly string[] Tags = ["v1", "v2", "v3", "v4"];

    [Theory]
    [InlineData(null, null, "v1,v2,v3,v4", false)]
    [InlineData(2, null, "v1,v2", true)]
    [InlineData(2, "v2", "v3,v4", false)]
    [InlineData(3, "v2", "v3,v4", false)]
    [InlineData(1, "v2", "v3", true)]
    [InlineData(null, "v2", "v3,v4", false)]
    [InlineData(4, null, "v1,v2,v3,v4", false)]
    [InlineData(10, "v4", "", false)]
    [InlineData(2, "v10", "v2,v3", true)]
    [InlineData(2, "a", "v1,v2", true)]
    public void Take_LimitAndLast_ReturnsEntriesAfterLastUpToLimit(int? limit, string? last, string expected, bool hasMore)
    {
        // Act
        var page = Pagination.Take(Tags, limit, last);

        // Assert
        Assert.Equal(expected, string.Join(',', page.Items));
        Assert.Equal(hasMore, page.HasMore);
    }

    [Fact]
    public void Take_ZeroLimit_ReturnsEmptyPageWithoutNext()
    {
        var page = Pagination.Take(Tags, 0, null);

        Assert.Empty(page.Items);
        Assert.False(page.HasMore);
    }

    [Fact]
    public void Take_UpperAndLowerCase_OrdersByOrdinal()
    {
        var page = Pagination.Take(["A", "B", "a", "b"], 2, "B");

        Assert.Equal(["a", "b"], page.Items);
    }

    [Fact]
    public void NextLink_NestedName_IsRfc5988NextWithEscapedLast()
    {
        var link = Pagination.NextLink("/v2/_catalog", 2, "team/api");

        Assert.Equal("</v2/_catalog?n=2&last=team%2Fapi>; rel=\"next\"", link);
    }
}
