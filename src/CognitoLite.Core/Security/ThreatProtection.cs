using System.Globalization;
using System.Net;
using CognitoLite.Core.Messages;
using CognitoLite.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace CognitoLite.Core.Security;

/// <summary>
/// Threat protection, per request: the one place sign-ins, sign-ups and password operations call into. In a pool whose
/// UserPoolAddOns say AUDIT or ENFORCED it records an auth event for each, assesses a sign-in's risk (<see cref="RiskRules"/>)
/// once its password is right, and checks new passwords (and sign-in passwords) against the breached-password list. AUDIT
/// records what ENFORCED would do; ENFORCED also does it: refuses a blocked address, blocks, asks for MFA, sends the
/// notification emails, refuses a breached password. OFF (the default) does nothing at all.
/// </summary>
/// <remarks>
/// A sign-in's event is written when its password is about to be checked and updated as the sign-in goes on; a challenge
/// session carries its number (<see cref="Tagged"/>, <see cref="Resume"/>), so the answer to an MFA challenge lands on it.
/// Updates bypass the change tracker: a refused sign-in must not save what the operation left half done.
/// </remarks>
public sealed class ThreatProtection(
    CognitoDbContext db,
    RiskConfigurations configurations,
    BreachedPasswords breached,
    AuthEvents events,
    RequestSource source,
    RequestContext request,
    MessageSink messages,
    CognitoOptions options,
    TimeProvider clock)
{
    public const string Off = "OFF";
    public const string Enforced = "ENFORCED";

    /// <summary>The challenge session member naming the sign-in's event.</summary>
    private const string EventMember = "authEvent";
    private const string Password = "Password";
    private const string Mfa = "Mfa";
    /// <summary>Users' UserStatus.ResetRequired: what a user blocked for a breached password must do.</summary>
    private const string ResetRequired = "RESET_REQUIRED";
    private static readonly string[] MfaSteps = ["SMS_MFA", "EMAIL_OTP", "SOFTWARE_TOKEN_MFA", "SELECT_MFA_TYPE", "MFA_SETUP", "MFA_SETUP_VERIFIED"];

    private UserPool? pool;
    private AppClient? client;
    private IPAddress? address;
    private string? deviceName;
    private string? deviceKey;
    private StoredRiskConfiguration settings = new();

    /// <summary>The sign-in's event (its Number), and which of its challenges is being answered.</summary>
    private long? signIn;
    private string? stage;
    /// <summary>The sign-in's event when its password is checked in this request, and what is known of it then.</summary>
    private AuthEvent? attempt;
    private string? excepted;
    private bool compromised;
    /// <summary>MFA_IF_CONFIGURED or MFA_REQUIRED when ENFORCED mode asks this sign-in for a second factor.</summary>
    private string? mfaAction;

    public static string Mode(UserPool pool) => pool.Settings.UserPoolAddOns?.AdvancedSecurityMode ?? Off;

    public static void RequireEnabled(UserPool pool)
    {
        if (Mode(pool) == Off) throw Errors.UserPoolAddOnNotEnabled();
    }

    private bool Active => pool is not null && Mode(pool) != Off;

    private bool Enforcing => pool is not null && Mode(pool) == Enforced;

    /// <summary>
    /// An unsigned operation of this client: the request's source, or the address in UserContextData when the client
    /// propagates its users' context (EnablePropagateAdditionalUserContextData, which AWS allows only with a secret).
    /// DEVICE_KEY among the parameters names the device.
    /// </summary>
    public void Begin(UserPool pool, AppClient client, UserContextDataType? context, IReadOnlyDictionary<string, string>? parameters = null)
    {
        var given = client.Settings.EnablePropagateAdditionalUserContextData == true ? Address(context?.IpAddress) : null;
        Begin(pool, client, given ?? source.Address, source.UserAgent, parameters);
    }

    /// <summary>An admin operation: the app's server says where its user is (ContextData) or, without it, the request's source is taken.</summary>
    public void Begin(UserPool pool, AppClient client, ContextDataType? context, IReadOnlyDictionary<string, string>? parameters = null)
    {
        var userAgent = context?.HttpHeaders?.FirstOrDefault(h => string.Equals(h.HeaderName, "User-Agent", StringComparison.OrdinalIgnoreCase))?.HeaderValue;
        Begin(pool, client, context is null ? source.Address : Address(context.IpAddress), context is null ? source.UserAgent : userAgent, parameters);
    }

    /// <summary>An operation that carries no context data (a sign-in at the managed login pages, ChangePassword): the request's source.</summary>
    public void Begin(UserPool pool, AppClient client) => Begin(pool, client, source.Address, source.UserAgent, null);

    private void Begin(UserPool pool, AppClient client, IPAddress? address, string? userAgent, IReadOnlyDictionary<string, string>? parameters)
    {
        (this.pool, this.client, this.address) = (pool, client, address);
        deviceName = userAgent is { Length: > 256 } ? userAgent[..256] : userAgent;
        deviceKey = parameters?.GetValueOrDefault("DEVICE_KEY") is { Length: > 0 and <= 64 } key ? key : null;
    }

    /// <summary>
    /// A password (or, with null, an SRP proof) of the user is about to be checked: the sign-in's event begins. An address
    /// on the block list is refused in ENFORCED mode; a breached password is noted, and acted on once it proves right.
    /// </summary>
    public async Task PasswordAttempt(User user, string? password, CancellationToken ct)
    {
        if (!Active) return;
        settings = await configurations.For(pool!.Id, client!.Id, ct);
        excepted = RiskRules.Excepted(settings.RiskExceptionConfiguration, address);
        var compromisedSettings = settings.CompromisedCredentialsRiskConfiguration;
        compromised = password is not null && RiskRules.Watches(compromisedSettings, RiskEvents.SignIn) && await breached.Contains(password, ct);
        attempt = NewEvent(user, AuthEvents.SignIn, AuthEvents.InProgress, excepted ?? RiskDecisions.NoRisk);
        attempt.CompromisedCredentialsDetected = compromised;
        signIn = (await Insert(attempt, ct)).Number;
        stage = Password;
        if (excepted != RiskDecisions.Block || !Enforcing) return;
        stage = null;
        throw Errors.RequestBlocked();
    }

    /// <summary>
    /// A password (or SRP proof) for a user the client must not reveal: no event (there is no user to record it for), but an
    /// address on the block list is refused in ENFORCED mode, as it is for a real user, so the refusal does not tell them apart.
    /// </summary>
    public async Task UnknownUserAttempt(CancellationToken ct)
    {
        if (!Enforcing) return;
        settings = await configurations.For(pool!.Id, client!.Id, ct);
        if (RiskRules.Excepted(settings.RiskExceptionConfiguration, address) == RiskDecisions.Block) throw Errors.RequestBlocked();
    }

    /// <summary>
    /// The password (or SRP proof) was right: the sign-in's risk is assessed and, in ENFORCED mode, acted on. A breached
    /// password that the configuration blocks sends the user to a password reset; a BLOCK action refuses the sign-in; an
    /// MFA action leaves <see cref="AsksMfa"/> for the caller.
    /// </summary>
    public async Task FirstFactorPassed(User user, CancellationToken ct)
    {
        if (attempt is null) return;
        var number = attempt.Number;
        stage = null;
        var blockedAddress = excepted == RiskDecisions.Block;
        var assessment = excepted is null ? RiskRules.Assess(settings.AccountTakeoverRiskConfiguration, await Signals(user, number, ct)) : RiskAssessment.None;
        var blockCompromised = compromised && settings.CompromisedCredentialsRiskConfiguration?.EventAction == RiskActions.Block;
        var decision = blockedAddress || blockCompromised ? RiskDecisions.Block : assessment.Decision;
        await db.AuthEvents.Where(e => e.Number == number).ExecuteUpdateAsync(s => s
            .SetProperty(e => e.PasswordResponse, AuthEvents.Success).SetProperty(e => e.RiskDecision, decision).SetProperty(e => e.RiskLevel, assessment.Level), ct);
        if (!Enforcing) return;
        if (blockCompromised)
        {
            user.Status = ResetRequired;
            throw Errors.PasswordResetRequired();
        }
        if (assessment.Notify) await Notify(user, attempt, assessment.EventAction, ct);
        if (assessment.EventAction == RiskActions.Block) throw Errors.SignInBlocked();
        if (assessment.EventAction is RiskActions.MfaIfConfigured or RiskActions.MfaRequired) mfaAction = assessment.EventAction;
    }

    /// <summary>ENFORCED mode wants a second factor of this sign-in, whatever the pool's MFA setting would ask.</summary>
    public bool AsksMfa => mfaAction is not null;

    /// <summary>
    /// The user has no second factor the pool can ask for: MFA_IF_CONFIGURED lets the sign-in through, MFA_REQUIRED blocks it.
    /// </summary>
    public async Task NoMfaPossible(CancellationToken ct)
    {
        if (mfaAction != RiskActions.MfaRequired || signIn is not { } number) return;
        await db.AuthEvents.Where(e => e.Number == number).ExecuteUpdateAsync(s => s.SetProperty(e => e.RiskDecision, RiskDecisions.Block), ct);
        throw Errors.SignInBlocked();
    }

    /// <summary>The session data of a challenge of this sign-in, with the sign-in's event.</summary>
    public Dictionary<string, string> Tagged(Dictionary<string, string> data)
    {
        if (signIn is { } number) data[EventMember] = number.ToString(CultureInfo.InvariantCulture);
        return data;
    }

    /// <summary>A challenge session is being answered: its sign-in's event, if it has one, is this request's.</summary>
    public void Resume(AuthSession session)
    {
        if (!session.Data.TryGetValue(EventMember, out var number)) return;
        signIn = long.Parse(number, CultureInfo.InvariantCulture);
        stage = MfaSteps.Contains(session.ChallengeName) ? Mfa : null;
    }

    /// <summary>A sign-in step ended in tokens (<paramref name="signedIn"/>) or in another challenge, after any wrong answers before it.</summary>
    public async Task SignInStepDone(bool signedIn, CancellationToken ct)
    {
        if (signIn is not { } number) return;
        var mfaPassed = signedIn && stage == Mfa;
        await db.AuthEvents.Where(e => e.Number == number).ExecuteUpdateAsync(s =>
        {
            s.SetProperty(e => e.EventResponse, signedIn ? AuthEvents.Pass : AuthEvents.InProgress);
            if (mfaPassed) s.SetProperty(e => e.MfaResponse, AuthEvents.Success);
        }, ct);
    }

    /// <summary>A sign-in step was refused: the event fails, and with it the challenge being answered (the password, the code).</summary>
    public async Task SignInRefused(CancellationToken ct)
    {
        if (signIn is not { } number) return;
        var failed = stage;
        await db.AuthEvents.Where(e => e.Number == number).ExecuteUpdateAsync(s =>
        {
            s.SetProperty(e => e.EventResponse, AuthEvents.Fail);
            if (failed == Password) s.SetProperty(e => e.PasswordResponse, AuthEvents.Failure);
            if (failed == Mfa) s.SetProperty(e => e.MfaResponse, AuthEvents.Failure);
        }, ct);
    }

    /// <summary>
    /// A new password (SignUp, ChangePassword, ConfirmForgotPassword, NEW_PASSWORD_REQUIRED) against the breached-password
    /// list, when the configuration's EventFilter watches <paramref name="riskEvent"/>; true when it is breached. ENFORCED
    /// mode refuses it when the configuration says BLOCK, recording the refusal as an event of <paramref name="user"/> if known.
    /// </summary>
    public async Task<bool> ScreenPassword(string riskEvent, string password, User? user, string eventType, CancellationToken ct)
    {
        if (!Active) return false;
        settings = await configurations.For(pool!.Id, client?.Id, ct);
        var compromisedSettings = settings.CompromisedCredentialsRiskConfiguration;
        if (!RiskRules.Watches(compromisedSettings, riskEvent) || !await breached.Contains(password, ct)) return false;
        if (!Enforcing || compromisedSettings?.EventAction != RiskActions.Block) return true;
        if (user is not null)
        {
            var refused = NewEvent(user, eventType, AuthEvents.Fail, RiskDecisions.Block);
            refused.CompromisedCredentialsDetected = true;
            await Insert(refused, ct);
        }
        throw Errors.CompromisedPassword();
    }

    /// <summary>A sign-up, password reset request, password change or resent code that succeeded, as the user's event.</summary>
    public async Task Recorded(User user, string eventType, bool compromisedPassword, CancellationToken ct)
    {
        if (!Active) return;
        var blocking = settings.CompromisedCredentialsRiskConfiguration?.EventAction == RiskActions.Block;
        var row = NewEvent(user, eventType, AuthEvents.Pass, compromisedPassword && blocking ? RiskDecisions.Block : RiskDecisions.NoRisk);
        row.CompromisedCredentialsDetected = compromisedPassword;
        await Insert(row, ct);
    }

    private AuthEvent NewEvent(User user, string eventType, string response, string decision) => new()
    {
        EventId = Guid.NewGuid().ToString(),
        UserPoolId = pool!.Id,
        UserId = user.Id,
        ClientId = client?.Id,
        EventType = eventType,
        CreatedAt = clock.GetUtcNow().UtcDateTime,
        EventResponse = response,
        RiskDecision = decision,
        IpAddress = address?.ToString(),
        DeviceName = deviceName,
        DeviceKey = deviceKey,
    };

    /// <summary>
    /// Writes a new event. Every caller comes at a point where the operation has nothing unsaved (before a password check,
    /// after the operation's own save), so the save writes the event alone.
    /// </summary>
    private async Task<AuthEvent> Insert(AuthEvent row, CancellationToken ct)
    {
        db.AuthEvents.Add(row);
        await db.SaveChangesAsync(ct);
        db.Entry(row).State = EntityState.Detached;
        return row;
    }

    /// <summary>
    /// What the user's earlier sign-ins say of this one. Earlier sign-ins count as the user's own when they passed and no
    /// feedback called them Invalid, or when feedback called them Valid; wrong passwords count from the last of those.
    /// </summary>
    private async Task<RiskSignals> Signals(User user, long number, CancellationToken ct)
    {
        var earlier = db.AuthEvents.AsNoTracking().Where(e => e.UserId == user.Id && e.EventType == AuthEvents.SignIn && e.Number < number);
        var trusted = earlier.Where(e => e.FeedbackValue == AuthEvents.Valid || e.EventResponse == AuthEvents.Pass && e.FeedbackValue != AuthEvents.Invalid);
        var lastTrusted = await trusted.MaxAsync(e => (long?)e.Number, ct);
        var failures = await earlier.CountAsync(e => e.Number > (lastTrusted ?? 0) && e.PasswordResponse == AuthEvents.Failure, ct);
        if (lastTrusted is null) return new RiskSignals(false, false, failures);
        var ip = address?.ToString();
        var newAddress = ip is not null && !await trusted.AnyAsync(e => e.IpAddress == ip, ct);
        var newDevice = deviceKey is not null
            ? !await trusted.AnyAsync(e => e.DeviceKey == deviceKey, ct)
            : deviceName is not null && !await trusted.AnyAsync(e => e.DeviceName == deviceName, ct);
        return new RiskSignals(newAddress, newDevice, failures);
    }

    /// <summary>
    /// The notification email of the action taken, in the configuration's template (or a plain default), to the user's
    /// email, with one-click links that give feedback on the event. Placeholders as Cognito's: {login-time}, {device-name},
    /// {city}, {country} (unknown here, without a location database), {one-click-link-valid}, {one-click-link-invalid}.
    /// </summary>
    private async Task Notify(User user, AuthEvent row, string eventAction, CancellationToken ct)
    {
        if (!user.Attributes.TryGetValue("email", out var email)) return;
        var notify = settings.AccountTakeoverRiskConfiguration?.NotifyConfiguration;
        var (template, defaultSubject, defaultText) = eventAction switch
        {
            RiskActions.Block => (notify?.BlockEmail, "Blocked sign-in attempt", "We blocked an unrecognized sign-in to your account"),
            RiskActions.NoAction => (notify?.NoActionEmail, "New sign-in attempt", "We observed an unrecognized sign-in to your account"),
            _ => (notify?.MfaEmail, "New sign-in attempt", "We required you to use multi-factor authentication for an unrecognized sign-in to your account"),
        };
        var body = template?.TextBody ?? template?.HtmlBody ?? defaultText + """
             with this information:
            Time: {login-time}
            Device: {device-name}
            Location: {city}, {country}
            If this sign-in was not by you, you should change your password and tell us at {one-click-link-invalid}
            If this sign-in was by you, tell us at {one-click-link-valid}
            """;
        var link = $"{(options.PublicBaseUrl ?? request.BaseUrl).TrimEnd('/')}/{pool!.Id}/auth-event-feedback?username={Uri.EscapeDataString(user.Username)}"
            + $"&event_id={row.EventId}&feedback_token={events.FeedbackToken(pool, row.EventId)}&feedback_value=";
        body = body
            .Replace("{login-time}", row.CreatedAt.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{device-name}", row.DeviceName ?? "Unknown device", StringComparison.Ordinal)
            .Replace("{city}", "Unknown city", StringComparison.Ordinal)
            .Replace("{country}", "Unknown country", StringComparison.Ordinal)
            .Replace("{one-click-link-valid}", link + AuthEvents.Valid, StringComparison.Ordinal)
            .Replace("{one-click-link-invalid}", link + AuthEvents.Invalid, StringComparison.Ordinal);
        // Into the outbox with what the sign-in saves next (its session or tokens, or its refusal's released lockout).
        await messages.Send(new Message(pool.Id, user.Username, email, "EMAIL", "AccountTakeover", null, template?.Subject ?? defaultSubject, body), ct);
    }

    private static IPAddress? Address(string? text) => IPAddress.TryParse(text, out var parsed) ? IpRanges.Plain(parsed) : null;
}
