using System.Net;
using CognitoLite.Core.Security;
using CognitoLite.Core.Storage;

namespace CognitoLite.Tests.Security;

/// <summary>The documented risk table and the IP lists, as pure functions: no host, no store.</summary>
public sealed class RiskRulesTests
{
    private static readonly StoredAccountTakeoverRiskConfigurationType Takeover = new()
    {
        LowAction = new StoredAccountTakeoverActionType { Notify = true, EventAction = RiskActions.NoAction },
        MediumAction = new StoredAccountTakeoverActionType { Notify = false, EventAction = RiskActions.MfaRequired },
        HighAction = new StoredAccountTakeoverActionType { Notify = true, EventAction = RiskActions.Block },
    };

    [Theory]
    [InlineData(false, false, 0, null)]
    [InlineData(false, false, 2, null)]
    [InlineData(false, true, 0, "Low")]
    [InlineData(false, false, 3, "Low")]
    [InlineData(true, false, 0, "Medium")]
    [InlineData(false, true, 5, "Medium")]
    [InlineData(true, true, 0, "High")]
    [InlineData(true, false, 3, "High")]
    [InlineData(true, true, 9, "High")]
    public void A_new_address_scores_two_a_new_device_and_repeated_failures_one_each(bool newAddress, bool newDevice, int failures, string? level) =>
        Assert.Equal(level, RiskRules.Level(new RiskSignals(newAddress, newDevice, failures)));

    [Fact]
    public void Each_level_takes_its_configured_action_and_a_BLOCK_action_is_a_Block_decision()
    {
        Assert.Equal(RiskAssessment.None, RiskRules.Assess(Takeover, new RiskSignals(false, false, 0)));
        Assert.Equal(new RiskAssessment("AccountTakeover", "Low", "NO_ACTION", true), RiskRules.Assess(Takeover, new RiskSignals(false, true, 0)));
        Assert.Equal(new RiskAssessment("AccountTakeover", "Medium", "MFA_REQUIRED", false), RiskRules.Assess(Takeover, new RiskSignals(true, false, 0)));
        Assert.Equal(new RiskAssessment("Block", "High", "BLOCK", true), RiskRules.Assess(Takeover, new RiskSignals(true, true, 0)));
    }

    [Fact]
    public void Without_an_action_for_the_level_the_risk_is_recorded_and_nothing_is_done()
    {
        Assert.Equal(new RiskAssessment("AccountTakeover", "High", "NO_ACTION", false), RiskRules.Assess(null, new RiskSignals(true, true, 0)));
        Assert.Equal(new RiskAssessment("AccountTakeover", "Low", "NO_ACTION", false),
            RiskRules.Assess(new StoredAccountTakeoverRiskConfigurationType { HighAction = Takeover.HighAction }, new RiskSignals(false, true, 0)));
    }

    [Theory]
    [InlineData("203.0.113.77", "Block")]
    [InlineData("::ffff:203.0.113.77", "Block")]
    [InlineData("198.51.100.5", "NoRisk")]
    [InlineData("2001:db8::1", "NoRisk")]
    [InlineData("198.51.101.5", null)]
    [InlineData("10.1.2.3", "Block")]
    public void The_block_list_wins_over_the_skip_list(string address, string? decision)
    {
        var exceptions = new StoredRiskExceptionConfigurationType
        {
            BlockedIPRangeList = ["203.0.113.0/24", "10.0.0.0/8"],
            SkippedIPRangeList = ["198.51.100.0/24", "2001:db8::/32", "10.0.0.0/8"],
        };

        Assert.Equal(decision, RiskRules.Excepted(exceptions, IPAddress.Parse(address)));
    }

    [Fact]
    public void An_unknown_address_is_on_no_list() =>
        Assert.Null(RiskRules.Excepted(new StoredRiskExceptionConfigurationType { BlockedIPRangeList = ["0.0.0.0/0"] }, null));

    [Theory]
    [InlineData("192.0.2.0/24", true)]
    [InlineData("192.0.2.7/24", true)]
    [InlineData("192.0.2.7/32", true)]
    [InlineData("0.0.0.0/0", true)]
    [InlineData("2001:db8::/32", true)]
    [InlineData("192.0.2.7", false)]
    [InlineData("192.0.2.0/33", false)]
    [InlineData("192.0.2.0/-1", false)]
    [InlineData("2001:db8::/129", false)]
    [InlineData("example.com/24", false)]
    [InlineData("", false)]
    public void Risk_lists_take_CIDR_ranges_only(string text, bool valid) =>
        Assert.Equal(valid, IpRanges.TryParse(text, out _, bareAddress: false));

    [Fact]
    public void Host_bits_past_the_prefix_are_ignored()
    {
        Assert.True(IpRanges.TryParse("192.0.2.77/25", out var network, bareAddress: false));

        Assert.Equal("192.0.2.0/25", network.ToString());
        Assert.True(IpRanges.Contains(["192.0.2.77/25"], IPAddress.Parse("192.0.2.1")));
        Assert.False(IpRanges.Contains(["192.0.2.77/25"], IPAddress.Parse("192.0.2.128")));
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData(new string[0], true)]
    [InlineData(new[] { "SIGN_UP", "SIGN_IN" }, true)]
    [InlineData(new[] { "PASSWORD_CHANGE" }, false)]
    public void Compromised_credentials_watch_every_event_unless_a_filter_names_them(string[]? filter, bool watchesSignIn) =>
        Assert.Equal(watchesSignIn, RiskRules.Watches(new StoredCompromisedCredentialsRiskConfigurationType { EventFilter = filter?.ToList(), EventAction = "BLOCK" }, "SIGN_IN"));

    [Theory]
    [InlineData("198.51.100.9", null, "198.51.100.9")]
    [InlineData("198.51.100.9", "203.0.113.5", "198.51.100.9")]
    [InlineData("127.0.0.1", "203.0.113.5", "203.0.113.5")]
    [InlineData("127.0.0.1", "203.0.113.5, 10.0.0.2", "203.0.113.5")]
    [InlineData("127.0.0.1", "192.0.2.1, 203.0.113.5, 10.0.0.2", "203.0.113.5")]
    [InlineData("127.0.0.1", "10.0.0.2", "10.0.0.2")]
    [InlineData("127.0.0.1", "not-an-address", "127.0.0.1")]
    [InlineData("::ffff:127.0.0.1", "203.0.113.5", "203.0.113.5")]
    public void X_Forwarded_For_counts_only_from_a_trusted_proxy(string connection, string? forwardedFor, string source)
    {
        IReadOnlyList<IPNetwork> trusted = [IPNetwork.Parse("127.0.0.1/32"), IPNetwork.Parse("10.0.0.0/8")];

        Assert.Equal(IPAddress.Parse(source), RequestSource.Resolve(IPAddress.Parse(connection), forwardedFor, trusted));
    }
}
