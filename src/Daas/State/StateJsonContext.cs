using System.Text.Json;
using System.Text.Json.Serialization;

namespace Daas.State;

/// <summary>Compile-time JSON for what State keeps in text columns (a release's env and settings).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(SortedDictionary<string, string>))]
[JsonSerializable(typeof(ReleaseSettings))]
internal sealed partial class StateJsonContext : JsonSerializerContext;
