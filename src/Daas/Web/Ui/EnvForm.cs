using Microsoft.Extensions.Primitives;

namespace Daas.Web.Ui;

/// <summary>
/// The env var editor's form: one row per variable (repeated <c>key</c> and <c>value</c> fields,
/// in order), a <c>remove</c> checkbox whose value is the index of a row to drop, and blank rows for
/// new ones. Reads it into the env a new release gets; names are checked by the actions, as for the API.
/// </summary>
internal static class EnvForm
{
    public const string Key = "key";
    public const string Value = "value";
    public const string Remove = "remove";

    /// <summary>The variables the form asks for, or an error naming what is wrong with it.</summary>
    public static (Dictionary<string, string>? Env, string? Error) Read(IFormCollection form)
    {
        StringValues keys = form[Key], values = form[Value];
        if (keys.Count != values.Count)
        {
            return (null, "the form's names and values do not pair up; reload the page and try again");
        }

        var removed = new HashSet<int>();
        foreach (var index in form[Remove])
        {
            if (!int.TryParse(index, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var row) || row >= keys.Count)
            {
                return (null, "the form names a row to remove that it does not have; reload the page and try again");
            }

            removed.Add(row);
        }

        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < keys.Count; i++)
        {
            if (removed.Contains(i))
            {
                continue; // whatever the row holds now: its name may have been edited before Remove was ticked
            }

            var key = keys[i]?.Trim() ?? "";
            var value = values[i] ?? "";
            if (key.Length == 0)
            {
                if (value.Length > 0)
                {
                    return (null, "a value was given without a name");
                }

                continue; // a blank row
            }

            if (!env.TryAdd(key, value))
            {
                return (null, $"{key} is named twice");
            }
        }

        return (env, null);
    }
}
