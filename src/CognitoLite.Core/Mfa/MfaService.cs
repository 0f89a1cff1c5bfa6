using CognitoLite.Core.Api;
using CognitoLite.Core.Storage;
using CognitoLite.Core.Tokens;
using CognitoLite.Core.Users;

namespace CognitoLite.Core.Mfa;

/// <summary>A user's second factors: Set/AdminSetUserMFAPreference.</summary>
public sealed class MfaService(
    CognitoDbContext db,
    UserDirectory directory,
    TokenService tokens,
    Audit audit,
    TimeProvider clock)
{
    public async Task<Empty> SetUserMFAPreference(SetUserMfaPreferenceRequest request, CancellationToken ct)
    {
        var user = (await tokens.ValidateAccessToken(request.AccessToken!, tracked: true, ct)).User;
        await Change(user, request.SMSMfaSettings, request.SoftwareTokenMfaSettings, request.EmailMfaSettings, ct);
        return Empty.Value;
    }

    public async Task<Empty> AdminSetUserMFAPreference(AdminSetUserMfaPreferenceRequest request, CancellationToken ct)
    {
        var user = await directory.Require(await directory.Pool(request.UserPoolId!, ct), request.Username!, ct);
        await Change(user, request.SMSMfaSettings, request.SoftwareTokenMfaSettings, request.EmailMfaSettings, ct);
        return Empty.Value;
    }

    /// <summary>Applies the settings and saves them; each factor they turn on is an audit event.</summary>
    private async Task Change(User user, MfaSettingsType? sms, MfaSettingsType? softwareToken, MfaSettingsType? email, CancellationToken ct)
    {
        var before = Enabled(user);
        Apply(user, sms, softwareToken, email);
        await Save(user, ct);
        foreach (var method in Enabled(user).Except(before)) audit.MfaEnabled(user.UserPoolId, user.Username, method);
    }

    private static List<string> Enabled(User user) =>
        new (bool On, string Method)[] { (user.SmsMfaEnabled, MfaMethods.Sms), (user.SoftwareTokenMfaEnabled, MfaMethods.SoftwareToken), (user.EmailMfaEnabled, MfaMethods.Email) }
            .Where(factor => factor.On).Select(factor => factor.Method).ToList();

    /// <summary>Each settings object given turns its factor on or off and may make it the preferred one; absent ones stay as they are.</summary>
    private static void Apply(User user, MfaSettingsType? sms, MfaSettingsType? softwareToken, MfaSettingsType? email)
    {
        if (new[] { sms, softwareToken, email }.Count(s => s?.PreferredMfa == true) > 1)
            throw Errors.InvalidParameter("Only one MFA method can be set as preferred.");
        user.SmsMfaEnabled = Decide(user, MfaMethods.Sms, sms, user.SmsMfaEnabled);
        user.SoftwareTokenMfaEnabled = Decide(user, MfaMethods.SoftwareToken, softwareToken, user.SoftwareTokenMfaEnabled);
        user.EmailMfaEnabled = Decide(user, MfaMethods.Email, email, user.EmailMfaEnabled);
    }

    private static bool Decide(User user, string method, MfaSettingsType? settings, bool enabled)
    {
        if (settings is null) return enabled;
        // PreferredMfa alone turns the factor on: a preferred factor that is off would never be asked for.
        var on = settings.Enabled ?? (enabled || settings.PreferredMfa == true);
        if (on) CheckCanEnable(user, method);
        if (settings.PreferredMfa == true)
        {
            if (!on) throw Errors.InvalidParameter($"{method} cannot be preferred while it is disabled.");
            user.PreferredMfa = method;
        }
        else if (user.PreferredMfa == method && (!on || settings.PreferredMfa == false))
        {
            user.PreferredMfa = null;
        }
        return on;
    }

    /// <summary>A factor needs somewhere to send codes, or a verified authenticator app.</summary>
    private static void CheckCanEnable(User user, string method)
    {
        switch (method)
        {
            case MfaMethods.Sms when !user.Attributes.ContainsKey("phone_number"):
            case MfaMethods.Email when !user.Attributes.ContainsKey("email"):
                throw Errors.InvalidParameter($"User does not have delivery config set to turn on {method}");
            case MfaMethods.SoftwareToken when user.SoftwareTokenSecretCipher is null:
                throw Errors.InvalidParameter(user.PendingSoftwareTokenSecretCipher is null
                    ? "User has not set up software token mfa"
                    : "User has not verified software token mfa");
        }
    }

    private async Task Save(User user, CancellationToken ct)
    {
        user.ModifiedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
    }
}
