using System.Text.Json.Serialization;
using CognitoLite.Core.Api;

namespace CognitoLite.Core.Security;

/// <summary>
/// What an app tells threat protection about its user's request (InitiateAuth, SignUp, ForgotPassword and the other
/// unsigned operations). IpAddress counts only for a client with EnablePropagateAdditionalUserContextData; EncodedData
/// (the fingerprint amazon-cognito-identity-js collects) is accepted and not read.
/// </summary>
public sealed record UserContextDataType
{
    [Length(0, 131072)] public string? IpAddress { get; init; }
    [Length(0, 131072)] public string? EncodedData { get; init; }
}

/// <summary>The same for the admin sign-in operations, from the app's server: its user's address and HTTP headers.</summary>
public sealed record ContextDataType
{
    [Required, Length(0, 131072)] public string? IpAddress { get; init; }
    [Required, Length(0, 131072)] public string? ServerName { get; init; }
    [Required, Length(0, 131072)] public string? ServerPath { get; init; }
    [Required] public List<HttpHeader>? HttpHeaders { get; init; }
    [Length(0, 131072)] public string? EncodedData { get; init; }
}

/// <summary>The API model spells these two members in camel case.</summary>
public sealed record HttpHeader
{
    [JsonPropertyName("headerName"), Length(0, 131072)] public string? HeaderName { get; init; }
    [JsonPropertyName("headerValue"), Length(0, 131072)] public string? HeaderValue { get; init; }
}

public sealed record AdminListUserAuthEventsRequest
{
    [Required, Length(1, 55), Pattern(Ids.UserPoolIdPattern)] public string? UserPoolId { get; init; }
    [Required, Length(1, 128), Pattern(@"[\p{L}\p{M}\p{S}\p{N}\p{P}]+"), Sensitive] public string? Username { get; init; }
    [Range(0, 60)] public int? MaxResults { get; init; }
    [Length(1, 131072), Pattern(@"[\S]+")] public string? NextToken { get; init; }
}

public sealed record AdminListUserAuthEventsResponse(List<AuthEventType> AuthEvents, string? NextToken);

public sealed record AuthEventType(
    string EventId,
    string EventType,
    DateTimeOffset CreationDate,
    string EventResponse,
    EventRiskType EventRisk,
    List<ChallengeResponseType> ChallengeResponses,
    EventContextDataType EventContextData,
    EventFeedbackType? EventFeedback);

public sealed record EventRiskType(string RiskDecision, string? RiskLevel, bool CompromisedCredentialsDetected);

public sealed record ChallengeResponseType(string ChallengeName, string ChallengeResponse);

public sealed record EventContextDataType(string? IpAddress, string? DeviceName, string? Timezone, string? City, string? Country);

public sealed record EventFeedbackType(string FeedbackValue, string Provider, DateTimeOffset? FeedbackDate);

public sealed record UpdateAuthEventFeedbackRequest
{
    [Required, Length(1, 55), Pattern(Ids.UserPoolIdPattern)] public string? UserPoolId { get; init; }
    [Required, Length(1, 128), Pattern(@"[\p{L}\p{M}\p{S}\p{N}\p{P}]+"), Sensitive] public string? Username { get; init; }
    [Required, Length(1, 50), Pattern(@"[\w+-]+")] public string? EventId { get; init; }
    [Required, Pattern(@"[A-Za-z0-9-_=.]+"), Sensitive] public string? FeedbackToken { get; init; }
    [Required, OneOf(AuthEvents.Valid, AuthEvents.Invalid)] public string? FeedbackValue { get; init; }
}

public sealed record AdminUpdateAuthEventFeedbackRequest
{
    [Required, Length(1, 55), Pattern(Ids.UserPoolIdPattern)] public string? UserPoolId { get; init; }
    [Required, Length(1, 128), Pattern(@"[\p{L}\p{M}\p{S}\p{N}\p{P}]+"), Sensitive] public string? Username { get; init; }
    [Required, Length(1, 50), Pattern(@"[\w+-]+")] public string? EventId { get; init; }
    [Required, OneOf(AuthEvents.Valid, AuthEvents.Invalid)] public string? FeedbackValue { get; init; }
}
