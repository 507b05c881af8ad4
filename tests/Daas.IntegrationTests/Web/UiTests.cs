using System.Net;
using Daas.IntegrationTests.Fixtures;
using Microsoft.Playwright;

namespace Daas.IntegrationTests.Web;

/// <summary>
/// The UI in headless Chromium, as a user runs an app day to day: sign in, see the pushed app,
/// change an env var and see the new release serve it, roll back, follow the logs, delete the app,
/// sign out. The README's screenshots are taken here (DAAS_SCREENSHOTS=$PWD/docs/screenshots).
/// </summary>
public sealed class UiTests(UiBrowser browser) : IClassFixture<UiBrowser>
{
    [Fact]
    public async Task SignIn_ChangeAnEnvVar_RollBack_AndSignOut()
    {
        // Given DaaS with an app pushed by the docker CLI
        await using var server = await DaasServer.StartAsync();
        await using var docker = await DockerSession.LoginAsync(server);
        await docker.PushAsync("notes", "notes v1");
        Assert.True(await server.WaitForAppAsync("notes", "notes v1"), server.Output);
        var page = await browser.NewPageAsync(server);

        // When the user opens DaaS, they are sent to the sign-in form; a wrong password is refused
        await page.GotoAsync("/");
        Assert.EndsWith("/sign-in?returnUrl=%2F", page.Url, StringComparison.Ordinal);
        await SignInAsync(page, "not-the-password");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Wrong user name or password");
        await SignInAsync(page, server.Password);

        // Then the dashboard lists the app, running release 1, and updates by itself
        var row = page.Locator("#apps tr[data-app=notes]");
        await Assertions.Expect(row.Locator("[data-field=state]")).ToHaveTextAsync("running");
        await Assertions.Expect(row.Locator("[data-field=release]")).ToHaveTextAsync("1");
        await UiBrowser.ScreenshotAsync(page, "dashboard");

        // When an env var is added in the app page's editor and saved
        await row.GetByRole(AriaRole.Link, new() { Name = "notes", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "notes", Level = 1 })).ToBeVisibleAsync();
        var editor = page.Locator("#env");
        await editor.Locator("input[name=key]").Last.FillAsync("GREETING");
        var value = editor.Locator("input[name=value]").Last;
        await value.FillAsync("hello from the ui");
        Assert.Equal("password", await value.GetAttributeAsync("type"));
        await editor.GetByRole(AriaRole.Button, new() { Name = "Save and deploy" }).ClickAsync();

        // Then release 2 goes through the health gate, the page shows it live, and the app serves the value
        var newest = page.Locator("#releases tbody tr").First;
        await Assertions.Expect(newest.Locator("[data-field=number]")).ToHaveTextAsync("2", new() { Timeout = 60_000 });
        await Assertions.Expect(newest.Locator("[data-field=state]")).ToHaveTextAsync("running", new() { Timeout = 60_000 });
        Assert.Contains("GREETING=hello from the ui", (await server.GetAppAsync("notes", "/cgi-bin/env")).Body, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("#app-summary [data-field=app-state]")).ToHaveTextAsync("running");

        // And the stored value is masked until revealed
        var stored = editor.Locator("input[name=value]").First;
        Assert.Equal("password", await stored.GetAttributeAsync("type"));
        await editor.GetByRole(AriaRole.Button, new() { Name = "Show GREETING" }).ClickAsync();
        Assert.Equal("text", await stored.GetAttributeAsync("type"));
        Assert.Equal("hello from the ui", await stored.InputValueAsync());
        await UiBrowser.ScreenshotAsync(page, "app");

        // When release 1 is rolled back to
        await page.Locator("#releases tr[data-release='1']").GetByRole(AriaRole.Button, new() { Name = "Roll back" }).ClickAsync();

        // Then release 3 (a rollback of 1) is live and the variable is gone again
        await Assertions.Expect(newest.Locator("[data-field=number]")).ToHaveTextAsync("3", new() { Timeout = 60_000 });
        await Assertions.Expect(newest.Locator("[data-field=state]")).ToHaveTextAsync("running", new() { Timeout = 60_000 });
        Assert.DoesNotContain("GREETING", (await server.GetAppAsync("notes", "/cgi-bin/env")).Body, StringComparison.Ordinal);

        // When the user signs out, the dashboard is closed to this browser again
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("Password")).ToBeVisibleAsync();
        await page.GotoAsync("/");
        Assert.Contains("/sign-in", page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logs_FollowWhatTheAppWrites_AndDelete_RemovesTheAppAfterConfirmation()
    {
        // Given a signed-in user on a pushed app's page
        await using var server = await DaasServer.StartAsync();
        await using var docker = await DockerSession.LoginAsync(server);
        await docker.PushAsync("diary", "diary v1", options: new ImageOptions { Volumes = ["/data"] });
        Assert.True(await server.WaitForAppAsync("diary", "diary v1"), server.Output);
        var page = await browser.NewPageAsync(server, width: 360, height: 740);
        await page.GotoAsync("/apps/diary");
        await SignInAsync(page, server.Password);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "diary", Level = 1 })).ToBeVisibleAsync();

        // When the app writes a line while the page is open
        var logs = page.Locator("#logs");
        await Assertions.Expect(logs).ToHaveAttributeAsync("data-state", "following");
        var marker = $"line-{Guid.NewGuid():N}";
        Assert.Equal(HttpStatusCode.OK, (await server.GetAppAsync("diary", $"/cgi-bin/log?{marker}")).Status);

        // Then the page shows it without a reload, and fits a 360 px wide screen
        await Assertions.Expect(logs).ToContainTextAsync(marker);
        var tooWide = await page.EvaluateAsync<string[]>(
            "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 361 && !e.closest('.table-scroll *, pre *'))" +
            ".map(e => `${e.tagName}.${e.className}#${e.id} ${Math.round(e.getBoundingClientRect().right)}`).slice(0, 12)");
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= 360"), $"the page scrolls sideways at 360 px: {string.Join(", ", tooWide)}");

        // When the user deletes the app, the confirmation names what goes, data only when asked
        await page.GetByRole(AriaRole.Link, new() { Name = "Delete" }).ClickAsync();
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("daas-diary-data-");
        await page.GetByLabel("Also remove its data").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete diary" }).ClickAsync();

        // Then the dashboard no longer lists it, and it is gone from DaaS and Docker
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("diary");
        await Assertions.Expect(page.Locator("#apps tr[data-app=diary]")).ToHaveCountAsync(0);
        Assert.Equal(HttpStatusCode.NotFound, (await server.ApiAsync(HttpMethod.Get, "api/apps/diary")).Status);
        Assert.Empty(await docker.ContainersAsync(server, "diary", all: true));
    }

    [Fact]
    public async Task Registry_DeleteATag_CollectGarbage_AndCertificates_ListEveryHost()
    {
        // Given a signed-in user and an app pushed under two tags
        await using var server = await DaasServer.StartAsync();
        await using var docker = await DockerSession.LoginAsync(server);
        await docker.PushAsync("shelf", "shelf v1");
        await docker.PushAsync("shelf", "shelf v2", tag: "v2");
        Assert.True(await server.WaitForAppAsync("shelf", "shelf v1"), server.Output);
        var page = await browser.NewPageAsync(server);
        await page.GotoAsync("/registry");
        await SignInAsync(page, server.Password);

        // When the registry page lists the repository's tags and one is deleted
        var repository = page.Locator("[data-repository=shelf]");
        await Assertions.Expect(repository.Locator("tr[data-tag]")).ToHaveCountAsync(2);
        await UiBrowser.ScreenshotAsync(page, "registry");
        await repository.GetByRole(AriaRole.Button, new() { Name = "Delete tag shelf:v2" }).ClickAsync();

        // Then it is gone from the page and from the registry, and the other stays
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("shelf:v2");
        await Assertions.Expect(repository.Locator("tr[data-tag]")).ToHaveCountAsync(1);
        await Assertions.Expect(repository.Locator("tr[data-tag=latest]")).ToHaveCountAsync(1);
        using (var tags = server.AuthorizedRequest(HttpMethod.Get, "v2/shelf/tags/list"))
        {
            var body = await (await server.Http.SendAsync(tags)).Content.ReadAsStringAsync();
            Assert.DoesNotContain("\"v2\"", body, StringComparison.Ordinal);
        }

        // When garbage collection runs, the page says what it freed
        await page.GetByRole(AriaRole.Button, new() { Name = "Run garbage collection" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Garbage collection freed");

        // And the certificates page lists DaaS's own host and the app's, from the local CA, with its root to download
        await page.GetByRole(AriaRole.Link, new() { Name = "Certificates" }).ClickAsync();
        await Assertions.Expect(page.Locator("#certificates tr[data-host='shelf.localhost'] [data-field=state]")).ToHaveTextAsync("valid", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#certificates tr[data-host=localhost]")).ToHaveCountAsync(1);
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Download the root certificate" }).ClickAsync());
        Assert.StartsWith("-----BEGIN CERTIFICATE-----", await File.ReadAllTextAsync(await download.PathAsync()), StringComparison.Ordinal);
    }

    private static async Task SignInAsync(IPage page, string password)
    {
        await page.GetByLabel("User name").FillAsync(DaasServer.Username);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }
}
