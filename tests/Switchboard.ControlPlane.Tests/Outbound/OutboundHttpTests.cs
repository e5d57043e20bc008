using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.ControlPlane.Outbound;

namespace Switchboard.ControlPlane.Tests.Outbound;

/// <summary>The real outbound pipeline (named client, connect callback, guard handler) against a real receiver.</summary>
public sealed class OutboundHttpTests
{
    private static ServiceProvider Build(IOutboundResolver? resolver, params string[] allowed)
    {
        var settings = new Dictionary<string, string?>();
        for (var i = 0; i < allowed.Length; i++) settings[$"Outbound:AllowedHosts:{i}"] = allowed[i];
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        if (resolver is not null) services.AddSingleton(resolver);
        services.AddOutboundHttp(configuration);
        return services.BuildServiceProvider();
    }

    private static HttpClient Client(ServiceProvider sp) => sp.GetRequiredService<IHttpClientFactory>().CreateClient(OutboundHttp.ClientName);

    [Fact]
    public async Task Loopback_is_refused_unless_allow_listed()
    {
        await using var receiver = await TestReceiver.StartAsync(c => c.Response.StatusCode = 204);
        await using (var strict = Build(null))
        {
            var refused = await Assert.ThrowsAsync<OutboundRequestRefusedException>(() => Client(strict).GetAsync(receiver.BaseUrl + "/x"));
            Assert.Equal(OutboundRefusalReason.Loopback, refused.Reason);
            Assert.Contains("loopback", refused.Message, StringComparison.Ordinal);
        }
        Assert.Empty(receiver.Paths);

        await using var allowing = Build(null, "127.0.0.0/8");
        var response = await Client(allowing).GetAsync(receiver.BaseUrl + "/y");
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(["/y"], receiver.Paths);
    }

    [Fact]
    public async Task An_allow_listed_host_name_is_admitted_at_the_address_it_resolved_to()
    {
        await using var receiver = await TestReceiver.StartAsync(c => c.Response.StatusCode = 200);
        await using var sp = Build(new ScriptedResolver(["127.0.0.1"]), "hooks.internal.example");
        var response = await Client(sp).GetAsync($"http://hooks.internal.example:{receiver.Port}/named");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["/named"], receiver.Paths);
    }

    [Fact]
    public async Task Rebinding_connects_to_the_checked_address_and_never_asks_again()
    {
        await using var receiver = await TestReceiver.StartAsync(c => c.Response.StatusCode = 200);
        // First answer allowed (the loopback receiver is allow-listed), every later answer private.
        var resolver = new ScriptedResolver(["127.0.0.1"], ["10.0.0.7"]);
        await using var sp = Build(resolver, "127.0.0.1");
        var response = await Client(sp).GetAsync($"http://rebind.example:{receiver.Port}/once");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, resolver.Calls);
        Assert.Equal(["/once"], receiver.Paths);
    }

    [Fact]
    public async Task Rebinding_toward_an_internal_address_is_refused_even_if_a_later_answer_is_fine()
    {
        await using var receiver = await TestReceiver.StartAsync(c => c.Response.StatusCode = 200);
        var resolver = new ScriptedResolver(["169.254.169.254"], ["127.0.0.1"]);
        await using var sp = Build(resolver, "127.0.0.1");
        var refused = await Assert.ThrowsAsync<OutboundRequestRefusedException>(
            () => Client(sp).GetAsync($"http://rebind.example:{receiver.Port}/metadata"));
        Assert.Equal(OutboundRefusalReason.Metadata, refused.Reason);
        Assert.Equal(1, resolver.Calls);
        Assert.Empty(receiver.Paths);
    }

    [Theory]
    [InlineData("169.254.169.254")]
    [InlineData("100.100.100.200")]
    [InlineData("fd00:ec2::254")]
    public async Task Metadata_addresses_stay_refused_when_allow_listed(string address)
    {
        await using var sp = Build(new ScriptedResolver([address]), "0.0.0.0/0", "::/0", "meta.example", address);
        var refused = await Assert.ThrowsAsync<OutboundRequestRefusedException>(() => Client(sp).GetAsync("http://meta.example/latest"));
        Assert.Equal(OutboundRefusalReason.Metadata, refused.Reason);
    }

    [Fact]
    public async Task Metadata_host_name_is_refused_without_resolving()
    {
        var resolver = new ScriptedResolver(["8.8.8.8"]);
        await using var sp = Build(resolver, "metadata.google.internal");
        var refused = await Assert.ThrowsAsync<OutboundRequestRefusedException>(
            () => Client(sp).GetAsync("http://metadata.google.internal/computeMetadata/v1/"));
        Assert.Equal(OutboundRefusalReason.Metadata, refused.Reason);
        Assert.Equal(0, resolver.Calls);
    }

    [Theory]
    [InlineData("10.0.0.1", nameof(OutboundRefusalReason.Private))]
    [InlineData("100.64.1.1", nameof(OutboundRefusalReason.CarrierGradeNat))]
    [InlineData("224.0.0.251", nameof(OutboundRefusalReason.Multicast))]
    [InlineData("0.0.0.0", nameof(OutboundRefusalReason.Unspecified))]
    [InlineData("fe80::1", nameof(OutboundRefusalReason.LinkLocal))]
    [InlineData("64:ff9b::a00:1", nameof(OutboundRefusalReason.EmbeddedIpv4))]
    [InlineData("2002:7f00:1::1", nameof(OutboundRefusalReason.EmbeddedIpv4))]
    public async Task A_name_resolving_only_to_refused_addresses_is_refused(string address, string reason)
    {
        await using var sp = Build(new ScriptedResolver([address]));
        var refused = await Assert.ThrowsAsync<OutboundRequestRefusedException>(() => Client(sp).GetAsync("http://victim.example/"));
        Assert.Equal(Enum.Parse<OutboundRefusalReason>(reason), refused.Reason);
        Assert.Equal("victim.example", refused.Host);
    }

    [Fact]
    public async Task A_literal_private_address_in_the_url_is_refused()
    {
        await using var sp = Build(null);
        var refused = await Assert.ThrowsAsync<OutboundRequestRefusedException>(() => Client(sp).GetAsync("http://192.168.0.1:8080/"));
        Assert.Equal(OutboundRefusalReason.Private, refused.Reason);
    }

    [Fact]
    public async Task Only_http_and_https_are_contacted()
    {
        await using var sp = Build(null);
        var refused = await Assert.ThrowsAsync<OutboundRequestRefusedException>(() => Client(sp).GetAsync("ftp://example.com/file"));
        Assert.Equal(OutboundRefusalReason.UnsupportedScheme, refused.Reason);
    }

    [Fact]
    public async Task A_redirect_to_an_internal_target_is_returned_not_followed()
    {
        await using var receiver = await TestReceiver.StartAsync(c =>
        {
            c.Response.StatusCode = 302;
            c.Response.Headers.Location = "http://169.254.169.254/latest/meta-data/iam/security-credentials/";
        });
        await using var sp = Build(null, "127.0.0.1");
        var response = await Client(sp).GetAsync(receiver.BaseUrl + "/start");
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal(["/start"], receiver.Paths);
    }

    [Fact]
    public void A_malformed_allow_list_entry_is_an_error_naming_it()
    {
        var ex = Assert.Throws<ArgumentException>(() => new AllowList(["not a host!"]));
        Assert.Contains("not a host!", ex.Message, StringComparison.Ordinal);
    }
}
