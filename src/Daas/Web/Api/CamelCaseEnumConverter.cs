using System.Text.Json;
using System.Text.Json.Serialization;

namespace Daas.Web.Api;

/// <summary>Writes and reads an enum as its camelCase name ("envChange"), as State stores it; a converter type the source generator can name.</summary>
internal sealed class CamelCaseEnumConverter<T>() : JsonStringEnumConverter<T>(JsonNamingPolicy.CamelCase, allowIntegerValues: false)
    where T : struct, Enum;
