using System.Text.Json;
using System.Text.Json.Serialization;

namespace Daas.Tls.Acme;

/// <summary>
/// Compile-time JSON for the ACME resources and payloads: no reflection, so it works trimmed and
/// under Native AOT. Web defaults give the camelCase names RFC 8555 uses and case-insensitive
/// reading. A resource that lacks a field this client needs fails to read, rather than becoming
/// a null that breaks later; absent optional fields (<c>contact</c>, <c>replaces</c>) are left
/// out of requests.
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(AcmeDirectory))]
[JsonSerializable(typeof(AcmeAccount))]
[JsonSerializable(typeof(AcmeNewOrder))]
[JsonSerializable(typeof(AcmeOrder))]
[JsonSerializable(typeof(AcmeAuthorization))]
[JsonSerializable(typeof(AcmeFinalize))]
[JsonSerializable(typeof(AcmeRenewalWindow))]
internal sealed partial class AcmeJsonContext : JsonSerializerContext;
