using CognitoLite.Core.Api;

namespace CognitoLite.Core.Security;

public sealed record SetRiskConfigurationRequest
{
    [Required, Length(1, 55), Pattern(Ids.UserPoolIdPattern)] public string? UserPoolId { get; init; }
    [Length(1, 128), Pattern(Ids.ClientIdPattern), Sensitive] public string? ClientId { get; init; }
    public CompromisedCredentialsRiskConfigurationType? CompromisedCredentialsRiskConfiguration { get; init; }
    public AccountTakeoverRiskConfigurationType? AccountTakeoverRiskConfiguration { get; init; }
    public RiskExceptionConfigurationType? RiskExceptionConfiguration { get; init; }
}

public sealed record DescribeRiskConfigurationRequest
{
    [Required, Length(1, 55), Pattern(Ids.UserPoolIdPattern)] public string? UserPoolId { get; init; }
    [Length(1, 128), Pattern(Ids.ClientIdPattern), Sensitive] public string? ClientId { get; init; }
}

public sealed record RiskConfigurationResponse(RiskConfigurationType RiskConfiguration);

public sealed record RiskConfigurationType
{
    public string? UserPoolId { get; init; }
    public string? ClientId { get; init; }
    public CompromisedCredentialsRiskConfigurationType? CompromisedCredentialsRiskConfiguration { get; init; }
    public AccountTakeoverRiskConfigurationType? AccountTakeoverRiskConfiguration { get; init; }
    public RiskExceptionConfigurationType? RiskExceptionConfiguration { get; init; }
    public DateTimeOffset? LastModifiedDate { get; init; }
}

public sealed record CompromisedCredentialsRiskConfigurationType
{
    [OneOf(RiskEvents.SignIn, RiskEvents.PasswordChange, RiskEvents.SignUp)] public List<string>? EventFilter { get; init; }
    [Required] public CompromisedCredentialsActionsType? Actions { get; init; }
}

public sealed record CompromisedCredentialsActionsType
{
    [Required, OneOf(RiskActions.Block, RiskActions.NoAction)] public string? EventAction { get; init; }
}

public sealed record AccountTakeoverRiskConfigurationType
{
    public NotifyConfigurationType? NotifyConfiguration { get; init; }
    [Required] public AccountTakeoverActionsType? Actions { get; init; }
}

public sealed record AccountTakeoverActionsType
{
    public AccountTakeoverActionType? LowAction { get; init; }
    public AccountTakeoverActionType? MediumAction { get; init; }
    public AccountTakeoverActionType? HighAction { get; init; }
}

public sealed record AccountTakeoverActionType
{
    [Required] public bool? Notify { get; init; }
    [Required, OneOf(RiskActions.Block, RiskActions.MfaIfConfigured, RiskActions.MfaRequired, RiskActions.NoAction)] public string? EventAction { get; init; }
}

public sealed record NotifyConfigurationType
{
    [Length(0, 131072)] public string? From { get; init; }
    [Length(0, 131072)] public string? ReplyTo { get; init; }
    [Required, Length(20, 2048), Pattern(Ids.ArnPattern)] public string? SourceArn { get; init; }
    public NotifyEmailType? BlockEmail { get; init; }
    public NotifyEmailType? NoActionEmail { get; init; }
    public NotifyEmailType? MfaEmail { get; init; }
}

public sealed record NotifyEmailType
{
    [Required, Length(1, 140), Pattern(@"[\p{L}\p{M}\p{S}\p{N}\p{P}\s]+")] public string? Subject { get; init; }
    [Length(6, 20000), Pattern(@"[\p{L}\p{M}\p{S}\p{N}\p{P}\s*]+")] public string? HtmlBody { get; init; }
    [Length(6, 20000), Pattern(@"[\p{L}\p{M}\p{S}\p{N}\p{P}\s*]+")] public string? TextBody { get; init; }
}

public sealed record RiskExceptionConfigurationType
{
    [Length(0, 200), ElementLength(0, 131072)] public List<string>? BlockedIPRangeList { get; init; }
    [Length(0, 200), ElementLength(0, 131072)] public List<string>? SkippedIPRangeList { get; init; }
}

/// <summary>The sign-in activity compromised-credentials detection looks at (EventFilter).</summary>
public static class RiskEvents
{
    public const string SignIn = "SIGN_IN";
    public const string PasswordChange = "PASSWORD_CHANGE";
    public const string SignUp = "SIGN_UP";
}

/// <summary>The automated responses of compromised-credentials detection and adaptive authentication.</summary>
public static class RiskActions
{
    public const string Block = "BLOCK";
    public const string MfaIfConfigured = "MFA_IF_CONFIGURED";
    public const string MfaRequired = "MFA_REQUIRED";
    public const string NoAction = "NO_ACTION";
}
