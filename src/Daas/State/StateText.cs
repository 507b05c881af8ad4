namespace Daas.State;

/// <summary>How enums are spelled in SQLite: lower camel case ("envChange"), as the API shows them.</summary>
internal static class StateText
{
    public static string Of<T>(T value) where T : struct, Enum
    {
        var name = value.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }

    public static T Parse<T>(string text) where T : struct, Enum => Enum.Parse<T>(text, ignoreCase: true);
}
