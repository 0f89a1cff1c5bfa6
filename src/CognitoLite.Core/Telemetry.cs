using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace CognitoLite.Core;

/// <summary>
/// CognitoLite's metrics and traces in .NET's own terms: one Meter and one ActivitySource, both named "CognitoLite", which
/// the host exports (the server with OpenTelemetry: README "Observability"). Each event is recorded once, where it happens.
/// Labels and tags name pools, clients, flows and outcomes, never a password, code, secret or token.
/// </summary>
public static class Telemetry
{
    public const string Name = "CognitoLite";

    /// <summary>The result of what went well; a refusal's result is its error type (e.g. NotAuthorizedException).</summary>
    public const string Success = "success";

    public const string UserPoolIdTag = "cognitolite.user_pool_id";
    public const string ClientIdTag = "cognitolite.client_id";

    public static readonly ActivitySource Activities = new(Name);

    private static readonly Meter Meter = new(Name);

    private static readonly Counter<long> SignIns = Meter.CreateCounter<long>("cognitolite.sign_ins",
        description: "Sign-ins that ended: in tokens (result success) or refused (result: the error type). A challenge on the way is neither.");

    private static readonly Counter<long> SignUps = Meter.CreateCounter<long>("cognitolite.sign_ups", description: "Users created by SignUp.");

    private static readonly Counter<long> TokensIssued = Meter.CreateCounter<long>("cognitolite.tokens_issued",
        description: "Access tokens issued (with their id and refresh tokens), by grant: sign_in, authorization_code, implicit, refresh_token, client_credentials.");

    private static readonly Counter<long> MfaChallenges = Meter.CreateCounter<long>("cognitolite.mfa_challenges",
        description: "Code challenges answered (SMS_MFA, EMAIL_OTP, SOFTWARE_TOKEN_MFA, SMS_OTP), by result.");

    private static readonly Counter<long> Lockouts = Meter.CreateCounter<long>("cognitolite.lockouts",
        description: "Password checks refused because the user is locked out after too many wrong passwords.");

    private static readonly Counter<long> TriggerInvocations = Meter.CreateCounter<long>("cognitolite.trigger_invocations",
        description: "Lambda trigger calls (retries included), by trigger and result.");

    private static readonly Histogram<double> TriggerDuration = Meter.CreateHistogram("cognitolite.trigger_duration", unit: "s",
        description: "How long a Lambda trigger call took, retries included.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15] });

    public static void SignIn(string userPoolId, string result) => SignIns.Add(1, new("pool", userPoolId), new("result", result));

    public static void SignUp(string userPoolId) => SignUps.Add(1, new KeyValuePair<string, object?>("pool", userPoolId));

    public static void TokenIssued(string userPoolId, string grant) => TokensIssued.Add(1, new("pool", userPoolId), new("grant", grant));

    public static void MfaChallenge(string userPoolId, string type, string result) =>
        MfaChallenges.Add(1, new("pool", userPoolId), new("type", type), new("result", result));

    public static void Lockout(string userPoolId) => Lockouts.Add(1, new KeyValuePair<string, object?>("pool", userPoolId));

    public static void TriggerInvoked(string trigger, string result, TimeSpan took)
    {
        TriggerInvocations.Add(1, new("trigger", trigger), new("result", result));
        TriggerDuration.Record(took.TotalSeconds, new KeyValuePair<string, object?>("trigger", trigger));
    }

    /// <summary>Names the pool (and app client) on the operation's activity, once Core has found them (the request may name only a client or a token).</summary>
    public static void Describe(string? userPoolId, string? clientId)
    {
        if (Activity.Current is not { } activity || activity.Source != Activities) return;
        if (userPoolId is not null) activity.SetTag(UserPoolIdTag, userPoolId);
        if (clientId is not null) activity.SetTag(ClientIdTag, clientId);
    }
}
