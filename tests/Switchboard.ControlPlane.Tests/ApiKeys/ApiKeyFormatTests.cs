using Switchboard.ControlPlane.ApiKeys;
using Switchboard.ControlPlane.Common;

namespace Switchboard.ControlPlane.Tests.ApiKeys;

public sealed class ApiKeyFormatTests
{
    [Fact]
    public void Generated_keys_have_the_documented_shape()
    {
        for (var i = 0; i < 1000; i++)
        {
            var key = ApiKeyFormat.Generate();
            Assert.Equal(44, key.Length);
            Assert.StartsWith("sb_live_", key, StringComparison.Ordinal);
            Assert.All(key[8..], c => Assert.True(Base62.IsBase62(c)));
            Assert.True(ApiKeyFormat.IsWellFormed(key));
        }
    }

    [Fact]
    public void Every_single_character_substitution_is_rejected()
    {
        var alphabet = Base62.Alphabet + "_-+/=. \0é";
        for (var n = 0; n < 20; n++)
        {
            var key = ApiKeyFormat.Generate();
            for (var i = 0; i < key.Length; i++)
            {
                foreach (var c in alphabet)
                {
                    if (c == key[i]) continue;
                    var mutated = string.Concat(key.AsSpan(0, i), c.ToString(), key.AsSpan(i + 1));
                    Assert.False(ApiKeyFormat.IsWellFormed(mutated), $"accepted {mutated}");
                }
            }
        }
    }

    [Fact]
    public void Insertions_deletions_and_transpositions_are_rejected()
    {
        var key = ApiKeyFormat.Generate();
        for (var i = 0; i < key.Length; i++)
        {
            Assert.False(ApiKeyFormat.IsWellFormed(key.Remove(i, 1)));
            Assert.False(ApiKeyFormat.IsWellFormed(key.Insert(i, "a")));
            if (i + 1 < key.Length && key[i] != key[i + 1])
            {
                var chars = key.ToCharArray();
                (chars[i], chars[i + 1]) = (chars[i + 1], chars[i]);
                Assert.False(ApiKeyFormat.IsWellFormed(new string(chars)));
            }
        }
        Assert.False(ApiKeyFormat.IsWellFormed(""));
        Assert.False(ApiKeyFormat.IsWellFormed(key.ToUpperInvariant()));
    }
}
