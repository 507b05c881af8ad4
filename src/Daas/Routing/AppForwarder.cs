using System.Diagnostics;
using Daas.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Forwarder;

namespace Daas.Routing;

/// <summary>
/// The hot path, ahead of endpoint routing: a request for an app's host costs one lookup in the
/// current <see cref="RouteSnapshot"/> and the forward (YARP's <see cref="IHttpForwarder"/>).
/// DOMAIN_NAME (and IP addresses) go on to DaaS's own endpoints; any other host gets a plain 404,
/// so an app's host never reaches the registry or the API.
/// </summary>
internal sealed class AppForwarder(RouteTable table, HostClassifier hosts, IHttpForwarder forwarder, HttpMessageInvoker connections)
{
    /// <summary>How long a request to an app in a stop-first deploy waits for the new instance.</summary>
    public static readonly TimeSpan HoldLimit = TimeSpan.FromSeconds(10);

    /// <summary>How many other destinations a request that could not connect tries (a node gone takes all its tasks with it).</summary>
    private const int MaxRetries = 3;

    /// <summary>How long a destination a retry left is passed over (one that could not be connected to, or was found dead).</summary>
    private static readonly TimeSpan UnreachableFor = TimeSpan.FromSeconds(5);

    // HTTP/1.1 to the app, no response buffering; YARP's 100 s idle limit (reset by any data, so
    // WebSockets, server-sent events and long polls live as long as they are active).
    private static readonly ForwarderRequestConfig RequestConfig = new() { ActivityTimeout = TimeSpan.FromSeconds(100) };

    public RequestDelegate Wrap(RequestDelegate next) => context =>
    {
        var host = HostHeader.NameOf(context.Request.Headers.Host.ToString());
        if (table.Current.TryFindHost(host, out var app))
        {
            return ForwardAsync(context, app!);
        }

        return hosts.Classify(host.ToString(), out _) == HostKind.Daas ? next(context) : ErrorPages.WriteAsync(context, StatusCodes.Status404NotFound);
    };

    private async Task ForwardAsync(HttpContext context, RoutedApp app)
    {
        var traffic = app.Traffic;
        var started = Stopwatch.GetTimestamp();
        traffic.RequestStarted();
        try
        {
            if (app.Route.PasswordProtected && !await AppPassword.AuthorizeAsync(context))
            {
                return;
            }

            var destination = await EnterAsync(app, null, context.RequestAborted);
            if (destination is null)
            {
                // No running release (or the stop-first hold ran out): DaaS's page, not a bare
                // status; nothing when the client gave up while held.
                if (!context.RequestAborted.IsCancellationRequested)
                {
                    await ErrorPages.WriteAsync(context, StatusCodes.Status502BadGateway);
                }

                return;
            }

            var error = await SendAsync(context, destination);
            for (var retry = 0; retry < MaxRetries && error != ForwarderError.None && IsRetryable(context, destination); retry++)
            {
                // Another destination gets the request, and this one is passed over until the route catches up.
                destination.MarkUnreachable(Stopwatch.GetTimestamp() + (long)(UnreachableFor.TotalSeconds * Stopwatch.Frequency));
                if (await EnterAsync(app, destination, context.RequestAborted) is not { } other)
                {
                    break;
                }

                if (!other.Reachable(Stopwatch.GetTimestamp()))
                {
                    // Every other destination failed too: no point in waiting on one of them again.
                    other.Exit();
                    break;
                }

                context.Response.Clear();
                context.Features.Set<IForwarderErrorFeature>(null);
                destination = other;
                error = await SendAsync(context, destination);
            }

            if (error != ForwarderError.None && !context.Response.HasStarted && context.Response.StatusCode >= 500)
            {
                await ErrorPages.WriteAsync(context, context.Response.StatusCode);
            }
        }
        finally
        {
            traffic.RequestEnded(context.Response.StatusCode, started);
        }
    }

    private async Task<ForwarderError> SendAsync(HttpContext context, Destination destination)
    {
        try
        {
            return await forwarder.SendAsync(context, destination.Prefix, connections, RequestConfig, ForwardedHeaders.Instance, destination.Gone);
        }
        finally
        {
            destination.Exit();
        }
    }

    /// <summary>
    /// True when a failed forward may go to another destination: the response has not started, the
    /// request has no body (a body is streamed to the first destination as it arrives, so it cannot
    /// be sent again), and either the forward failed while connecting (the app saw nothing,
    /// whatever the method) or the instance was found dead while a safe request (GET, HEAD,
    /// OPTIONS) waited on it.
    /// </summary>
    private static bool IsRetryable(HttpContext context, Destination destination)
    {
        if (context.Response.HasStarted || context.RequestAborted.IsCancellationRequested
            || context.Features.Get<IHttpRequestBodyDetectionFeature>() is not { CanHaveBody: false })
        {
            return false;
        }

        if (context.Features.Get<IForwarderErrorFeature>()?.Exception is { } e && IsConnectFailure(e))
        {
            return true;
        }

        var method = context.Request.Method;
        return destination.Gone.IsCancellationRequested && (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method));
    }

    /// <summary>
    /// A refused or unreachable connection (HttpRequestError.ConnectionError), or one not made within
    /// the pool's ConnectTimeout: the only TimeoutException the handler raises (YARP's own activity
    /// timeout cancels without one).
    /// </summary>
    private static bool IsConnectFailure(Exception e) =>
        e is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } || e is OperationCanceledException { InnerException: TimeoutException };

    /// <summary>
    /// A destination of the app, counted in; null when none serves. A destination that left the
    /// route between the lookup and the count is given up for the current snapshot's; a held app's
    /// request waits for the next snapshots, up to <see cref="HoldLimit"/>.
    /// </summary>
    private async ValueTask<Destination?> EnterAsync(RoutedApp app, Destination? except, CancellationToken aborted)
    {
        var snapshot = table.Current;
        long holdUntil = 0;
        while (true)
        {
            if (app.Pick(except) is { } destination)
            {
                if (destination.TryEnter())
                {
                    return destination;
                }
            }
            else if (app.Route.Held && !aborted.IsCancellationRequested)
            {
                if (holdUntil == 0)
                {
                    holdUntil = Stopwatch.GetTimestamp() + (long)(HoldLimit.TotalSeconds * Stopwatch.Frequency);
                }

                var left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), holdUntil);
                if (left <= TimeSpan.Zero)
                {
                    return null;
                }

                await Task.WhenAny(snapshot.Replaced, Task.Delay(left, aborted));
            }
            else
            {
                return null;
            }

            snapshot = table.Current;
            if (snapshot.Apps.GetValueOrDefault(app.Route.App) is not { } current)
            {
                return null;
            }

            app = current;
        }
    }
}
