namespace Daas.Web.Actions;

/// <summary>
/// What an action did: its status, its value when it succeeded, and otherwise a human sentence
/// (<see cref="Detail"/>, the API problem's detail). <see cref="Title"/> overrides the problem's
/// default title ("Unknown app", "Attached container"); <see cref="Field"/> names the invalid input.
/// </summary>
internal sealed record ActionOutcome<T>(ActionStatus Status, T? Value, string? Detail)
{
    public string? Title { get; init; }

    public string? Field { get; init; }

    public static ActionOutcome<T> Done(T value) => new(ActionStatus.Done, value, null);

    public static ActionOutcome<T> Accepted(T value) => new(ActionStatus.Accepted, value, null);

    public static ActionOutcome<T> NotFound(string detail, string? title = null) => new(ActionStatus.NotFound, default, detail) { Title = title };

    public static ActionOutcome<T> Conflict(string detail, string? title = null) => new(ActionStatus.Conflict, default, detail) { Title = title };

    public static ActionOutcome<T> Invalid(string field, string detail) => new(ActionStatus.Invalid, default, detail) { Field = field };
}
