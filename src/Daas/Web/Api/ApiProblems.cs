namespace Daas.Web.Api;

/// <summary>The API's error answers: RFC 9457 problem details whose detail names what and which.</summary>
internal static class ApiProblems
{
    public static IResult UnknownApp(string app) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown app", detail: $"there is no app named '{app}'");

    /// <summary>A call that would change an app, on the alias of a container DaaS did not start: the user manages it with docker.</summary>
    public static IResult AttachedContainer(string app, string network) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status409Conflict,
            title: "Attached container",
            detail: $"'{app}' is a container DaaS did not start (routed by its network alias on '{network}'); manage it with docker");

    public static IResult NotFound(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: detail);

    public static IResult Conflict(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: detail);
}
