using Daas.Tls;
using Daas.Tls.LocalCa;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Daas.Web.Api;

/// <summary>
/// /api/certificates: every managed host's certificate, renewal and last error; /api/ca.pem: the
/// local CA's root (local mode only), for a user to trust. The root is public, but like every API
/// route it answers only a request with credentials.
/// </summary>
internal static class CertificateEndpoints
{
    public static IEndpointRouteBuilder MapCertificateEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/certificates", List).RequireAuthorization()
            .WithName("ListCertificates").WithSummary("Every managed host: valid from/until, issuer, next renewal, last error and next retry.");
        routes.MapGet("/api/ca.pem", Root).RequireAuthorization()
            .Produces<string>(StatusCodes.Status200OK, "application/x-pem-file").ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetLocalCaRoot").WithSummary("The local CA's root certificate (PEM) in local mode; 404 when certificates come from ACME.");
        return routes;
    }

    private static Ok<List<CertificateStatus>> List(CertificateManager manager) => TypedResults.Ok(manager.Statuses().ToList());

    private static IResult Root(IServiceProvider services) =>
        services.GetService<LocalCertificateAuthority>() is { } authority
            ? TypedResults.Text(authority.RootPem, "application/x-pem-file")
            : ApiProblems.NotFound("there is no local CA: certificates come from the ACME server (ACME_DIRECTORY)");
}
