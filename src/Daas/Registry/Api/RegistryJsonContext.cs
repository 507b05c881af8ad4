using System.Text.Json;
using System.Text.Json.Serialization;

namespace Daas.Registry.Api;

/// <summary>
/// Compile-time JSON for the registry's own bodies: no reflection at run time, which is faster
/// and keeps the way open to Native AOT. Property names are camelCase, as the spec writes them.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(TagList))]
[JsonSerializable(typeof(RepositoryCatalog))]
[JsonSerializable(typeof(RegistryErrorBody))]
internal sealed partial class RegistryJsonContext : JsonSerializerContext;
