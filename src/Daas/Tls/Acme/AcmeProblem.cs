using System.Text.Json;

namespace Daas.Tls.Acme;

/// <summary>
/// An RFC 7807 problem document as an ACME server sends it (RFC 8555 §6.7): the error
/// <see cref="Type"/> URN, the server's human-readable <see cref="Detail"/>, the HTTP status it
/// states, and per-identifier <see cref="Subproblems"/> (§6.7.1), each naming its
/// <see cref="Identifier"/>. Also the shape of an order's and a challenge's <c>error</c> field.
/// </summary>
internal sealed record AcmeProblem(string Type, string? Detail, int? Status, IReadOnlyList<AcmeProblem> Subproblems)
{
    private const string AcmeErrorPrefix = "urn:ietf:params:acme:error:";

    public const string BadNonce = AcmeErrorPrefix + "badNonce";
    public const string RateLimited = AcmeErrorPrefix + "rateLimited";
    public const string AlreadyReplaced = AcmeErrorPrefix + "alreadyReplaced";

    /// <summary>The identifier value (a DNS name) a subproblem is about, when the server names one.</summary>
    public string? Identifier { get; init; }

    /// <summary>Reads a problem object; a document without a <c>type</c> is <c>about:blank</c> (RFC 7807 §4.2).</summary>
    public static AcmeProblem FromJson(JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            return new AcmeProblem("about:blank", null, null, []);
        }

        var subproblems = new List<AcmeProblem>();
        if (json.TryGetProperty("subproblems", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            subproblems.AddRange(list.EnumerateArray().Select(FromJson));
        }

        return new AcmeProblem(StringOf(json, "type") ?? "about:blank", StringOf(json, "detail"), StatusOf(json), subproblems)
        {
            Identifier = json.TryGetProperty("identifier", out var identifier) && identifier.ValueKind == JsonValueKind.Object
                ? StringOf(identifier, "value")
                : null,
        };
    }

    /// <summary>Parses a response body; null when it is not a JSON problem object.</summary>
    public static AcmeProblem? TryParse(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object ? FromJson(document.RootElement) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>One line for an operator: the detail, the short type, and each subproblem.</summary>
    public string Describe()
    {
        var shortType = Type.StartsWith(AcmeErrorPrefix, StringComparison.Ordinal) ? Type[AcmeErrorPrefix.Length..] : Type;
        var text = Detail is { Length: > 0 } ? $"{Detail} ({shortType})" : shortType;
        foreach (var subproblem in Subproblems)
        {
            text += subproblem.Identifier is null ? $"; {subproblem.Describe()}" : $"; {subproblem.Identifier}: {subproblem.Describe()}";
        }

        return text;
    }

    private static string? StringOf(JsonElement json, string name) =>
        json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int? StatusOf(JsonElement json) =>
        json.TryGetProperty("status", out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var status) ? status : null;
}
