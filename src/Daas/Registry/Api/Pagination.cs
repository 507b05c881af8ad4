using System.Globalization;
using System.Text.Json.Serialization.Metadata;

namespace Daas.Registry.Api;

/// <summary>
/// The spec's <c>n</c>/<c>last</c> pagination for the tags list and the catalog: entries strictly
/// after <c>last</c> in lexical (ordinal) order, at most <c>n</c> of them, and an RFC 5988
/// <c>Link: &lt;…?n=N&amp;last=X&gt;; rel="next"</c> header while more remain. <c>n=0</c> gives an
/// empty list and no Link header.
/// </summary>
internal static class Pagination
{
    /// <summary>Answers with one page of <paramref name="sorted"/>, or UNSUPPORTED (400) when <c>n</c> is not a non-negative integer.</summary>
    public static IResult Respond<T>(HttpContext context, string path, IReadOnlyList<string> sorted, Func<IReadOnlyList<string>, T> body, JsonTypeInfo<T> json)
    {
        var query = context.Request.Query;
        int? limit = null;
        if (query.TryGetValue("n", out var n))
        {
            if (!int.TryParse(n.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                return RegistryErrors.Result(RegistryErrorCode.UnsupportedParameters, $"n must be a non-negative integer, not '{n}'");
            }

            limit = parsed;
        }

        var last = query.TryGetValue("last", out var lastValue) ? lastValue.ToString() : null;
        var page = Take(sorted, limit, last);
        if (page.HasMore)
        {
            context.Response.Headers.Link = NextLink(path, limit!.Value, page.Items[^1]);
        }

        return TypedResults.Json(body(page.Items), json);
    }

    /// <summary>The entries of <paramref name="sorted"/> after <paramref name="last"/> (which need not be in it), at most <paramref name="limit"/>.</summary>
    public static Page Take(IReadOnlyList<string> sorted, int? limit, string? last)
    {
        var after = string.IsNullOrEmpty(last) ? sorted : sorted.Where(item => string.CompareOrdinal(item, last) > 0).ToList();
        if (limit is not { } n || after.Count <= n)
        {
            return new Page(after, false);
        }

        return new Page(after.Take(n).ToList(), n > 0);
    }

    public static string NextLink(string path, int limit, string last) =>
        $"<{path}?n={limit.ToString(CultureInfo.InvariantCulture)}&last={Uri.EscapeDataString(last)}>; rel=\"next\"";
}
