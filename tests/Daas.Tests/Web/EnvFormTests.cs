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
        var (env, error) = EnvForm.Read(Form(["A", "B", " C ", ""], ["1", "2", "3", ""], "1"));

        Assert.Null(error);
        Assert.Equal(new Dictionary<string, string> { ["A"] = "1", ["C"] = "3" }, env);
    }

    [Fact]
    public void Read_RemovesTheTickedRow_EvenWhenItsNameWasEdited_AndKeepsANewRowOfTheRemovedName()
    {
        // Row 0 was FOO, renamed to BAR and ticked; the new row reuses FOO
        var (env, error) = EnvForm.Read(Form(["BAR", "FOO"], ["old", "new"], "0"));

        Assert.Null(error);
        Assert.Equal(new Dictionary<string, string> { ["FOO"] = "new" }, env);
    }

    [Theory]
    [InlineData("5")]
    [InlineData("-1")]
    [InlineData("A")]
    public void Read_ARemoveOfARowTheFormDoesNotHave_IsAnError(string row)
    {
        var (env, error) = EnvForm.Read(Form(["A"], ["1"], row));

        Assert.Null(env);
        Assert.Contains("does not have", error, StringComparison.Ordinal);
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
