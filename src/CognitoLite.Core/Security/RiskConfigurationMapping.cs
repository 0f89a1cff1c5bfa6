using CognitoLite.Core.Storage;

namespace CognitoLite.Core.Security;

/// <summary>SetRiskConfiguration's wire records to the stored risk configuration and back, member for member.</summary>
internal static class RiskConfigurationMapping
{
    public static StoredRiskConfiguration ToStored(this SetRiskConfigurationRequest wire) => new()
    {
        CompromisedCredentialsRiskConfiguration = wire.CompromisedCredentialsRiskConfiguration is { } compromised
            ? new StoredCompromisedCredentialsRiskConfigurationType { EventFilter = compromised.EventFilter, EventAction = compromised.Actions!.EventAction! }
            : null,
        AccountTakeoverRiskConfiguration = wire.AccountTakeoverRiskConfiguration is { } takeover
            ? new StoredAccountTakeoverRiskConfigurationType
            {
                NotifyConfiguration = takeover.NotifyConfiguration?.ToStored(),
                LowAction = takeover.Actions!.LowAction?.ToStored(),
                MediumAction = takeover.Actions.MediumAction?.ToStored(),
                HighAction = takeover.Actions.HighAction?.ToStored(),
            }
            : null,
        RiskExceptionConfiguration = wire.RiskExceptionConfiguration is { } exceptions
            ? new StoredRiskExceptionConfigurationType { BlockedIPRangeList = exceptions.BlockedIPRangeList, SkippedIPRangeList = exceptions.SkippedIPRangeList }
            : null,
    };

    public static RiskConfigurationType ToWire(this RiskConfiguration row)
    {
        var stored = row.Settings;
        return new RiskConfigurationType
        {
            UserPoolId = row.UserPoolId,
            ClientId = row.ClientId == RiskConfiguration.PoolWide ? null : row.ClientId,
            CompromisedCredentialsRiskConfiguration = stored.CompromisedCredentialsRiskConfiguration is { } compromised
                ? new CompromisedCredentialsRiskConfigurationType
                {
                    EventFilter = compromised.EventFilter,
                    Actions = new CompromisedCredentialsActionsType { EventAction = compromised.EventAction },
                }
                : null,
            AccountTakeoverRiskConfiguration = stored.AccountTakeoverRiskConfiguration is { } takeover
                ? new AccountTakeoverRiskConfigurationType
                {
                    NotifyConfiguration = takeover.NotifyConfiguration?.ToWire(),
                    Actions = new AccountTakeoverActionsType
                    {
                        LowAction = takeover.LowAction?.ToWire(),
                        MediumAction = takeover.MediumAction?.ToWire(),
                        HighAction = takeover.HighAction?.ToWire(),
                    },
                }
                : null,
            RiskExceptionConfiguration = stored.RiskExceptionConfiguration is { } exceptions
                ? new RiskExceptionConfigurationType { BlockedIPRangeList = exceptions.BlockedIPRangeList, SkippedIPRangeList = exceptions.SkippedIPRangeList }
                : null,
            LastModifiedDate = row.LastModifiedDate,
        };
    }

    private static StoredAccountTakeoverActionType ToStored(this AccountTakeoverActionType wire) => new() { Notify = wire.Notify!.Value, EventAction = wire.EventAction! };

    private static AccountTakeoverActionType ToWire(this StoredAccountTakeoverActionType stored) => new() { Notify = stored.Notify, EventAction = stored.EventAction };

    private static StoredNotifyConfigurationType ToStored(this NotifyConfigurationType wire) => new()
    {
        From = wire.From,
        ReplyTo = wire.ReplyTo,
        SourceArn = wire.SourceArn!,
        BlockEmail = wire.BlockEmail?.ToStored(),
        NoActionEmail = wire.NoActionEmail?.ToStored(),
        MfaEmail = wire.MfaEmail?.ToStored(),
    };

    private static NotifyConfigurationType ToWire(this StoredNotifyConfigurationType stored) => new()
    {
        From = stored.From,
        ReplyTo = stored.ReplyTo,
        SourceArn = stored.SourceArn,
        BlockEmail = stored.BlockEmail?.ToWire(),
        NoActionEmail = stored.NoActionEmail?.ToWire(),
        MfaEmail = stored.MfaEmail?.ToWire(),
    };

    private static StoredNotifyEmailType ToStored(this NotifyEmailType wire) => new() { Subject = wire.Subject!, HtmlBody = wire.HtmlBody, TextBody = wire.TextBody };

    private static NotifyEmailType ToWire(this StoredNotifyEmailType stored) => new() { Subject = stored.Subject, HtmlBody = stored.HtmlBody, TextBody = stored.TextBody };
}
