using Daas.Web.Ui;
using Microsoft.AspNetCore.Http;

namespace Daas.Tests.Web;

public sealed class NoticeTests
{
    [Fact]
    public void Leave_ThenParse_GivesTheSameNotice_WhateverItsCharacters()
    {
        var context = new DefaultHttpContext();

        Notice.Leave(context, NoticeKind.Refused, "app 'x' is already stopped; é ✓ \"quotes\" ; semicolons");

        var header = context.Response.Headers.SetCookie.ToString();
        var value = header["daas_notice=".Length..header.IndexOf(';', StringComparison.Ordinal)];
        Assert.Equal(new Notice(NoticeKind.Refused, "app 'x' is already stopped; é ✓ \"quotes\" ; semicolons"), Notice.Parse(Uri.UnescapeDataString(value)));
        Assert.Contains("httponly", header, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", header, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("7:aGVsbG8=")]
    [InlineData("0:not base64!")]
    public void Parse_AValueDaasDidNotWrite_IsNoNotice(string value) => Assert.Null(Notice.Parse(value));

    [Fact]
    public void Take_MovesTheCookiesNoticeToTheRequest_AndDeletesTheCookie()
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Cookie = "daas_notice=0:aGVsbG8=";

        Notice.Take(context);

        Assert.Equal(new Notice(NoticeKind.Done, "hello"), Notice.Current(context));
        Assert.Contains("daas_notice=;", context.Response.Headers.SetCookie.ToString(), StringComparison.Ordinal);
    }
}
