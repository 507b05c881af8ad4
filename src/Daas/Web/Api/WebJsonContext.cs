using System.Text.Json;
using System.Text.Json.Serialization;
using Daas.Registry.Storage;
using Daas.Tls;
using Microsoft.AspNetCore.Mvc;

namespace Daas.Web.Api;

/// <summary>
/// Compile-time JSON for the API's bodies, put first in the endpoints' resolver chain: no
/// reflection at run time, as Native AOT requires. <see cref="WebExtensions"/> adds the enum converters.
/// The OpenAPI document's schemas come from the same metadata, so route and query parameter types
/// (int?, bool?) are listed too.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(List<AppView>))]
[JsonSerializable(typeof(AppView))]
[JsonSerializable(typeof(List<ReleaseView>))]
[JsonSerializable(typeof(ReleaseView))]
[JsonSerializable(typeof(DeletedView))]
[JsonSerializable(typeof(ReplicasRequest))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(SortedDictionary<string, string>))]
[JsonSerializable(typeof(IReadOnlyList<VolumeView>))]
[JsonSerializable(typeof(List<VolumeView>))]
[JsonSerializable(typeof(IReadOnlyList<RepositoryView>))]
[JsonSerializable(typeof(List<RepositoryView>))]
[JsonSerializable(typeof(DeletedTagView))]
[JsonSerializable(typeof(RegistryUsageView))]
[JsonSerializable(typeof(GarbageCollectionResult))]
[JsonSerializable(typeof(List<CertificateStatus>))]
[JsonSerializable(typeof(ProblemDetails))]
[JsonSerializable(typeof(HttpValidationProblemDetails))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(int?))]
[JsonSerializable(typeof(bool?))]
internal sealed partial class WebJsonContext : JsonSerializerContext;
