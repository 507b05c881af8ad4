using System.Text.Json;
using System.Text.Json.Serialization;
using Daas.Registry.Storage;
using Daas.State;

namespace Daas.Web.Api;

/// <summary>
/// Compile-time JSON for the API's bodies, put first in the endpoints' resolver chain: no
/// reflection at run time, and the way stays open to Native AOT.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(List<AppView>))]
[JsonSerializable(typeof(IReadOnlyList<ReleaseRecord>))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(SortedDictionary<string, string>))]
[JsonSerializable(typeof(RegistryUsageView))]
[JsonSerializable(typeof(GarbageCollectionResult))]
internal sealed partial class WebJsonContext : JsonSerializerContext;
