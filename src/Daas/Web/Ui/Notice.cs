using System.Text;

namespace Daas.Web.Ui;

/// <summary>Whether a notice reports what was done or what was refused.</summary>
public enum NoticeKind
{
    /// <summary>Done or under way (shown as a status).</summary>
    Done,

    /// <summary>Refused, with the reason (shown as an alert).</summary>
    Refused,
}

/// <summary>
/// The one-line result a form post leaves for the page it redirects to ("release 2 is being
/// deployed", "app 'x' is already stopped"): kept in a short-lived cookie across the redirect, so
/// reloading the page neither posts again nor shows it again. Taken before a page renders (slices
/// stream, so by the time the layout writes it the response headers are sent).
/// </summary>
public sealed record Notice(NoticeKind Kind, string Text)
{
    private const string CookieName = "daas_notice";
    private const string ItemKey = "daas.notice";

    /// <summary>Leaves <paramref name="text"/> for the next page this browser gets.</summary>
    public static void Leave(HttpContext context, NoticeKind kind, string text) =>
        context.Response.Cookies.Append(CookieName, $"{(int)kind}:{Convert.ToBase64String(Encoding.UTF8.GetBytes(text))}", new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = context.Request.IsHttps,
            MaxAge = TimeSpan.FromMinutes(1),
            Path = "/",
        });

    /// <summary>Moves a notice left by the last post from its cookie to this request, for <see cref="Current"/>.</summary>
    public static void Take(HttpContext context)
    {
        if (context.Request.Cookies[CookieName] is not { } value)
        {
            return;
        }

        context.Response.Cookies.Delete(CookieName, new CookieOptions { Path = "/", Secure = context.Request.IsHttps, SameSite = SameSiteMode.Strict, HttpOnly = true });
        if (Parse(value) is { } notice)
        {
            context.Items[ItemKey] = notice;
        }
    }

    /// <summary>The notice this page shows, if any.</summary>
    public static Notice? Current(HttpContext context) => context.Items.TryGetValue(ItemKey, out var notice) ? notice as Notice : null;

    /// <summary>The cookie's value read back; null when it is not one DaaS wrote.</summary>
    public static Notice? Parse(string value)
    {
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon != 1 || !Enum.IsDefined((NoticeKind)(value[0] - '0')))
        {
            return null;
        }

        try
        {
            return new Notice((NoticeKind)(value[0] - '0'), Encoding.UTF8.GetString(Convert.FromBase64String(value[2..])));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
