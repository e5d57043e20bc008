using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Switchboard.ControlPlane.Common;

/// <summary>
/// Opaque list cursor: the sort key (creation time) and the id of the last row seen. Both are needed because
/// ids are random and several rows can share a creation instant.
/// </summary>
internal readonly record struct Cursor(DateTimeOffset CreatedAt, string Id)
{
    public string Encode() =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(
            CreatedAt.UtcTicks.ToString(CultureInfo.InvariantCulture) + ":" + Id));

    public static bool TryDecode(string? value, out Cursor cursor)
    {
        cursor = default;
        if (string.IsNullOrEmpty(value) || value.Length > 200) return false;
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(value));
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || !long.TryParse(text.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks))
                return false;
            if (ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks) return false;
            cursor = new Cursor(new DateTimeOffset(ticks, TimeSpan.Zero), text[(colon + 1)..]);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
