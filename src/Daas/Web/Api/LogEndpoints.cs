using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text;
using Daas.Web.Actions;

namespace Daas.Web.Api;

/// <summary>
/// GET /api/apps/{app}/logs: the serving instance's last lines as text/plain or, with
/// ?follow=true, as server-sent events (a <c>ready</c> event, one <c>data:</c> event per line, each
/// flushed, then an <c>end</c> event when the instance stops).
/// </summary>
internal static class LogEndpoints
{
    public static IEndpointRouteBuilder MapLogEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/apps/{app}/logs", ReadAsync).RequireAuthorization().WithName("GetAppLogs")
            .WithSummary("The app's log (stdout and stderr): the last ?tail=N lines (1-10000, default 100) as text, or with ?follow=true as server-sent events that go on with each new line.")
            .Produces<string>(StatusCodes.Status200OK, "text/plain", "text/event-stream")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return routes;
    }

    private static async Task<IResult> ReadAsync(string app, int? tail, bool? follow, AppLogs logs, HttpContext context)
    {
        var outcome = await logs.ReadAsync(app, tail ?? AppLogs.DefaultTail, follow == true, context.RequestAborted);
        if (outcome is not { Status: ActionStatus.Done, Value: { } lines })
        {
            return ApiResults.Of(outcome);
        }

        if (follow == true)
        {
            return TypedResults.ServerSentEvents(EventsOf(lines, context.RequestAborted));
        }

        var text = new StringBuilder();
        await foreach (var line in lines)
        {
            text.Append(line).Append('\n');
        }

        return TypedResults.Text(text.ToString(), "text/plain; charset=utf-8");
    }

    /// <summary>
    /// A <c>ready</c> event first (it sends the response's headers, so a client knows it follows even
    /// while the app writes nothing), then each line as an event, then <c>end</c> once the log ends
    /// (the instance stopped) while the client still listens.
    /// </summary>
    private static async IAsyncEnumerable<SseItem<string>> EventsOf(IAsyncEnumerable<string> lines, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        yield return new SseItem<string>("", "ready");
        await foreach (var line in lines.WithCancellation(cancellationToken))
        {
            yield return new SseItem<string>(line);
        }

        if (!cancellationToken.IsCancellationRequested)
        {
            yield return new SseItem<string>("", "end");
        }
    }
}
