namespace Daas.Web.Api;

/// <summary>What DELETE /api/apps/{app} removed.</summary>
internal sealed record DeletedView(string Name, bool DataRemoved, int VolumesRemoved, bool ImagesRemoved);
