using System.Text;
using Daas.Tls.Acme;

namespace Daas.Tests.Tls.Acme;

public sealed class AcmeProblemTests
{
    [Fact]
    public void TryParse_ProblemWithSubproblems_ReadsEveryField()
    {
        // Given: RFC 8555 §6.7.1's example
        var body = Encoding.UTF8.GetBytes("""
            {
              "type": "urn:ietf:params:acme:error:malformed",
              "detail": "Some of the identifiers requested were rejected",
              "status": 400,
              "subproblems": [
                {
                  "type": "urn:ietf:params:acme:error:malformed",
                  "detail": "Invalid underscore in DNS name \"_example.org\"",
                  "identifier": { "type": "dns", "value": "_example.org" }
                },
                {
                  "type": "urn:ietf:params:acme:error:rejectedIdentifier",
                  "detail": "This CA will not issue for \"example.net\"",
                  "identifier": { "type": "dns", "value": "example.net" }
                }
              ]
            }
            """);

        // When
        var problem = AcmeProblem.TryParse(body);

        // Then
        Assert.NotNull(problem);
        Assert.Equal("urn:ietf:params:acme:error:malformed", problem.Type);
        Assert.Equal("Some of the identifiers requested were rejected", problem.Detail);
        Assert.Equal(400, problem.Status);
        Assert.Equal(["_example.org", "example.net"], problem.Subproblems.Select(p => p.Identifier));
        Assert.Equal("urn:ietf:params:acme:error:rejectedIdentifier", problem.Subproblems[1].Type);
        Assert.Null(problem.Subproblems[1].Status);
    }

    [Fact]
    public void Describe_ProblemWithSubproblems_NamesDetailShortTypeAndEachIdentifier()
    {
        var problem = new AcmeProblem("urn:ietf:params:acme:error:malformed", "Some were rejected", 400,
            [new AcmeProblem("urn:ietf:params:acme:error:rejectedIdentifier", "Will not issue", null, []) { Identifier = "example.net" }]);

        Assert.Equal("Some were rejected (malformed); example.net: Will not issue (rejectedIdentifier)", problem.Describe());
    }

    [Fact]
    public void TryParse_NoType_IsAboutBlank()
    {
        var problem = AcmeProblem.TryParse("""{"detail":"x"}"""u8.ToArray());

        Assert.Equal("about:blank", problem?.Type);
        Assert.Empty(problem!.Subproblems);
    }

    [Theory]
    [InlineData("")]
    [InlineData("<html>502 Bad Gateway</html>")]
    [InlineData("[1,2]")]
    public void TryParse_NotAProblemObject_IsNull(string body)
    {
        Assert.Null(AcmeProblem.TryParse(Encoding.UTF8.GetBytes(body)));
    }
}
