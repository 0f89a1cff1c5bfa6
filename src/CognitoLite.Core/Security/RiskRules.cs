using System.Net;
using CognitoLite.Core.Storage;

namespace CognitoLite.Core.Security;

/// <summary>
/// What adaptive authentication knows of a sign-in whose password was right, from the user's earlier sign-ins: whether
/// its address and device were seen before, and how many wrong passwords came since the last good sign-in. A user with
/// no earlier good sign-in has nothing to compare with: no address or device of theirs is new.
/// </summary>
public sealed record RiskSignals(bool NewAddress, bool NewDevice, int RecentFailures);

/// <summary>A sign-in's risk and the configured response to it; <see cref="Level"/> is null when there is no risk.</summary>
public sealed record RiskAssessment(string Decision, string? Level, string EventAction, bool Notify)
{
    public static readonly RiskAssessment None = new(RiskDecisions.NoRisk, null, RiskActions.NoAction, false);
}

public static class RiskDecisions
{
    public const string NoRisk = "NoRisk";
    public const string AccountTakeover = "AccountTakeover";
    public const string Block = "Block";
}

public static class RiskLevels
{
    public const string Low = "Low";
    public const string Medium = "Medium";
    public const string High = "High";
}

/// <summary>
/// The deterministic rules CognitoLite assesses risk by (Cognito's are a trained model), so that tests can drive each level.
/// A new address scores 2, a new device 1, <see cref="FailuresThatCount"/> or more wrong passwords since the last good
/// sign-in 1; a score of 1 is Low, 2 Medium, 3 or more High. The IP lists of the risk configuration come first: an
/// address in BlockedIPRangeList is blocked, one in SkippedIPRangeList is never at risk.
/// </summary>
public static class RiskRules
{
    public const int FailuresThatCount = 3;

    /// <summary>Block or NoRisk when the address is on one of the configuration's lists (the block list wins), else null.</summary>
    public static string? Excepted(StoredRiskExceptionConfigurationType? exceptions, IPAddress? address)
    {
        if (IpRanges.Contains(exceptions?.BlockedIPRangeList, address)) return RiskDecisions.Block;
        if (IpRanges.Contains(exceptions?.SkippedIPRangeList, address)) return RiskDecisions.NoRisk;
        return null;
    }

    public static string? Level(RiskSignals signals)
    {
        var score = (signals.NewAddress ? 2 : 0) + (signals.NewDevice ? 1 : 0) + (signals.RecentFailures >= FailuresThatCount ? 1 : 0);
        return score switch
        {
            0 => null,
            1 => RiskLevels.Low,
            2 => RiskLevels.Medium,
            _ => RiskLevels.High,
        };
    }

    /// <summary>
    /// The level and the configuration's action for it (NO_ACTION without notification where none is configured). The
    /// decision is what ENFORCED mode does: Block for a BLOCK action, AccountTakeover for any other response to a risk.
    /// </summary>
    public static RiskAssessment Assess(StoredAccountTakeoverRiskConfigurationType? takeover, RiskSignals signals)
    {
        if (Level(signals) is not { } level) return RiskAssessment.None;
        var action = level switch
        {
            RiskLevels.Low => takeover?.LowAction,
            RiskLevels.Medium => takeover?.MediumAction,
            _ => takeover?.HighAction,
        };
        var eventAction = action?.EventAction ?? RiskActions.NoAction;
        return new RiskAssessment(eventAction == RiskActions.Block ? RiskDecisions.Block : RiskDecisions.AccountTakeover, level, eventAction, action?.Notify ?? false);
    }

    /// <summary>Whether compromised-credentials detection looks at this kind of event (no EventFilter: every kind).</summary>
    public static bool Watches(StoredCompromisedCredentialsRiskConfigurationType? compromised, string riskEvent) =>
        compromised?.EventFilter is not { Count: > 0 } filter || filter.Contains(riskEvent);
}
