using Daas.Web.Actions;

namespace Daas.Web.Ui;

/// <summary>
/// Ends a form post the way the UI answers every action: a redirect (so a reload does not post
/// again) with a notice saying what was done, or why it was refused, in the action's own words.
/// </summary>
internal static class UiOutcome
{
    public static IResult Redirect<T>(HttpContext context, ActionOutcome<T> outcome, Func<T, string> done, string location)
    {
        if (outcome is { Status: ActionStatus.Done or ActionStatus.Accepted, Value: { } value })
        {
            Notice.Leave(context, NoticeKind.Done, done(value));
        }
        else
        {
            Notice.Leave(context, NoticeKind.Refused, Capitalized(outcome.Detail ?? "the action was refused"));
        }

        return TypedResults.Redirect(location);
    }

    public static IResult Refused(HttpContext context, string reason, string location)
    {
        Notice.Leave(context, NoticeKind.Refused, Capitalized(reason));
        return TypedResults.Redirect(location);
    }

    private static string Capitalized(string text) => text.Length == 0 ? text : string.Concat(char.ToUpperInvariant(text[0]).ToString(), text[1..]);
}
