using Daas.Web.Ui;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Daas.Tests.Web;

public sealed class EnvFormTests
{
    private static FormCollection Form(string[] keys, string[] values, params string[] removed) => new(new Dictionary<string, StringValues>
    {
        [EnvForm.Key] = keys,
        [EnvForm.Value] = values,
        [EnvForm.Remove] = removed,
    });

    [Fact]
    public void Read_KeepsRowsInOrder_SkipsBlankRows_AndDropsRemovedOnes()
    {
        var (env, error) = EnvForm.Read(Form(["A", "B", " C ", ""], ["1", "2", "3", ""], "B"));

        Assert.Null(error);
        Assert.Equal(new Dictionary<string, string> { ["A"] = "1", ["C"] = "3" }, env);
    }

    [Fact]
    public void Read_KeepsAValueAsTyped_EvenEmptyOrWithSpaces()
    {
        var (env, _) = EnvForm.Read(Form(["EMPTY", "SPACED"], ["", "  x  "]));

        Assert.Equal("", env!["EMPTY"]);
        Assert.Equal("  x  ", env["SPACED"]);
    }

    [Theory]
    [InlineData(new[] { "A", "A" }, new[] { "1", "2" }, "A is named twice")]
    [InlineData(new[] { "" }, new[] { "orphan" }, "a value was given without a name")]
    [InlineData(new[] { "A", "B" }, new[] { "1" }, "do not pair up")]
    public void Read_ABrokenForm_IsAnErrorThatNamesWhat(string[] keys, string[] values, string expected)
    {
        var (env, error) = EnvForm.Read(Form(keys, values));

        Assert.Null(env);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_AnEmptyForm_RemovesEveryVariable()
    {
        var (env, error) = EnvForm.Read(new FormCollection(null));

        Assert.Null(error);
        Assert.Empty(env!);
    }
}
