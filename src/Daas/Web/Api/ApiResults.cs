using Daas.Web.Actions;

namespace Daas.Web.Api;

/// <summary>
/// Turns an action's outcome into the API's answer: Done 200 with the value, Accepted 202 with
/// <c>Location</c>, NotFound 404 and Conflict 409 as problem details, Invalid 400 as a validation problem.
/// </summary>
internal static class ApiResults
{
    public static IResult Of<T>(ActionOutcome<T> outcome, string? location = null) => outcome.Status switch
    {
        ActionStatus.Done => TypedResults.Ok(outcome.Value),
        ActionStatus.Accepted => TypedResults.Accepted(location, outcome.Value),
        ActionStatus.NotFound => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: outcome.Title ?? "Not found", detail: outcome.Detail),
        ActionStatus.Conflict => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: outcome.Title ?? "Conflict", detail: outcome.Detail),
        _ => TypedResults.ValidationProblem(new Dictionary<string, string[]> { [outcome.Field ?? "request"] = [outcome.Detail ?? "invalid request"] }),
    };
}
