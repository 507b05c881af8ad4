namespace Daas.Web.Ui;

/// <summary>The sign-in form's values: the user name is kept after a failure, the password never.</summary>
public sealed record SignInForm(string Username, string ReturnUrl, string? Error = null);
