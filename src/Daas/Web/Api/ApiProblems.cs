namespace Daas.Web.Api;

/// <summary>The API's error answers: RFC 9457 problem details whose detail names what and which.</summary>
internal static class ApiProblems
{
    public static IResult UnknownApp(string app) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown app", detail: $"there is no app named '{app}'");

    public static IResult NotFound(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: detail);

    public static IResult Conflict(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: detail);
}
