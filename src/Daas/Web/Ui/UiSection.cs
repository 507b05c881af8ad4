namespace Daas.Web.Ui;

/// <summary>Which entry of the header's navigation a page belongs to (marked aria-current).</summary>
public enum UiSection
{
    None,
    Apps,
    Registry,
    Certificates,
}
