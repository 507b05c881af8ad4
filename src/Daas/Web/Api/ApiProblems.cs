using Daas.Web.Actions;

namespace Daas.Web.Api;

/// <summary>The API's error answers: RFC 9457 problem details whose detail names what and which.</summary>
internal static class ApiProblems
{
    public static IResult UnknownApp(string app) => ApiResults.Of(AppActions.UnknownApp<object>(app));

    public static IResult NotFound(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: detail);
}
