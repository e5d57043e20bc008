using Microsoft.AspNetCore.DataProtection;
using Switchboard.ControlPlane.PhoneNumbers;

namespace Switchboard.ControlPlane.Tests.PhoneNumbers;

public sealed class SecretProtectorTests
{
    [Fact]
    public void Round_trips_without_the_plaintext_in_the_stored_form()
    {
        var protector = new SecretProtector(new EphemeralDataProtectionProvider());
        var stored = protector.Protect("hunter2-trunk");
        Assert.DoesNotContain("hunter2", stored, StringComparison.Ordinal);
        Assert.NotEqual(stored, protector.Protect("hunter2-trunk"));
        Assert.Equal("hunter2-trunk", protector.Unprotect(stored));
    }

    [Fact]
    public void Text_from_another_key_ring_or_tampered_is_refused_with_our_exception()
    {
        var stored = new SecretProtector(new EphemeralDataProtectionProvider()).Protect("pw");
        var elsewhere = new SecretProtector(new EphemeralDataProtectionProvider());
        Assert.Throws<InvalidOperationException>(() => elsewhere.Unprotect(stored));
        var protector = new SecretProtector(new EphemeralDataProtectionProvider());
        var tampered = protector.Protect("pw");
        tampered = tampered[..^2] + (tampered[^2] == 'A' ? "B" : "A") + tampered[^1];
        Assert.Throws<InvalidOperationException>(() => protector.Unprotect(tampered));
        Assert.Throws<ArgumentNullException>(() => protector.Protect(null!));
        Assert.Throws<ArgumentNullException>(() => protector.Unprotect(null!));
    }
}
