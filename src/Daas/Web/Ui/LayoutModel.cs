namespace Daas.Web.Ui;

/// <summary>
/// What _Layout.cshtml needs from a page: its title, its navigation entry, and whether to show
/// the signed-in chrome (navigation, sign-out). Public because RazorSlices' generated proxies are.
/// </summary>
public sealed record LayoutModel(string Title, UiSection Section, bool SignedIn = true);
