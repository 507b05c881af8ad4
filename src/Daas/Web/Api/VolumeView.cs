namespace Daas.Web.Api;

/// <summary>One of an app's named volumes: the Docker volume, where the app mounts it, and its size (-1 when Docker does not know it).</summary>
internal sealed record VolumeView(string Name, string MountPath, long SizeBytes);
