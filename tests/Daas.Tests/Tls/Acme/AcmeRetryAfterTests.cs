using Daas.Tls.Acme;

namespace Daas.Tests.Tls.Acme;

public sealed class AcmeRetryAfterTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("120", 120)]
    [InlineData("0", 0)]
    [InlineData("Tue, 01 Dec 2026 12:00:30 GMT", 30)]
    [InlineData("Tue, 01 Dec 2026 11:00:00 GMT", 0)]
    public void From_SecondsOrHttpDate_IsTheWaitFromNow(string header, int seconds)
    {
        using var response = new HttpResponseMessage();
        response.Headers.TryAddWithoutValidation("Retry-After", header);

        Assert.Equal(TimeSpan.FromSeconds(seconds), AcmeRetryAfter.From(response.Headers, Now));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("soon")]
    public void From_AbsentOrUnreadable_IsNull(string? header)
    {
        using var response = new HttpResponseMessage();
        if (header is not null)
        {
            response.Headers.TryAddWithoutValidation("Retry-After", header);
        }

        Assert.Null(AcmeRetryAfter.From(response.Headers, Now));
    }
}
