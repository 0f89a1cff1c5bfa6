using System.Text;
using System.Text.Json.Nodes;
using CognitoLite.Core.Storage;
using Microsoft.Extensions.Logging;

namespace CognitoLite.Core.Triggers;

/// <summary>The triggerSource values Cognito sends, each naming the trigger and the operation that runs it.</summary>
public static class TriggerSource
{
    public const string PreSignUpSignUp = "PreSignUp_SignUp";
    public const string PreSignUpAdminCreateUser = "PreSignUp_AdminCreateUser";
    public const string PreSignUpExternalProvider = "PreSignUp_ExternalProvider";
    public const string PostConfirmationConfirmSignUp = "PostConfirmation_ConfirmSignUp";
    public const string PostConfirmationConfirmForgotPassword = "PostConfirmation_ConfirmForgotPassword";
    public const string PreAuthentication = "PreAuthentication_Authentication";
    public const string PostAuthentication = "PostAuthentication_Authentication";
    public const string TokenGenerationHostedAuth = "TokenGeneration_HostedAuth";
    public const string TokenGenerationAuthentication = "TokenGeneration_Authentication";
    public const string TokenGenerationNewPasswordChallenge = "TokenGeneration_NewPasswordChallenge";
    public const string TokenGenerationRefreshTokens = "TokenGeneration_RefreshTokens";
    public const string TokenGenerationClientCredentials = "TokenGeneration_ClientCredentials";
    public const string TokenGenerationAuthenticateDevice = "TokenGeneration_AuthenticateDevice";
    public const string UserMigrationAuthentication = "UserMigration_Authentication";
    public const string UserMigrationForgotPassword = "UserMigration_ForgotPassword";
    public const string DefineAuthChallenge = "DefineAuthChallenge_Authentication";
    public const string CreateAuthChallenge = "CreateAuthChallenge_Authentication";
    public const string VerifyAuthChallengeResponse = "VerifyAuthChallengeResponse_Authentication";
}

/// <summary>
/// Who a trigger is called for: the app client (<see cref="LambdaTriggers.NoClient"/> for admin operations) and the
/// ClientMetadata Cognito passes on from that operation (null where it passes none).
/// </summary>
public sealed record CallerContext(string ClientId, IReadOnlyDictionary<string, string>? ClientMetadata = null);

/// <summary>What a pre sign-up function decided (all false when the pool has no such trigger).</summary>
public sealed record PreSignUpResponse(bool AutoConfirmUser, bool AutoVerifyEmail, bool AutoVerifyPhone)
{
    public static readonly PreSignUpResponse None = new(false, false, false);
}

/// <summary>A custom message function's text for a message about to be sent; a null member keeps the pool's own.</summary>
public sealed record CustomMessageResponse(string? SmsMessage, string? EmailMessage, string? EmailSubject);

/// <summary>
/// What a user migration function answered about a user the pool does not have: the attributes to create the user with,
/// the status (null: CONFIRMED), whether the welcome message is suppressed, where it goes (SMS unless said otherwise),
/// whether a verified email or phone is taken from the user who has it, and whether SMS MFA is turned on.
/// </summary>
public sealed record MigratedUser(Dictionary<string, string> UserAttributes, string? FinalUserStatus, bool MessageSuppressed,
    IReadOnlyList<string> DesiredDeliveryMediums, bool ForceAliasCreation, bool EnableSmsMfa);

/// <summary>One step of a custom authentication, as the session array of the challenge triggers' events lists it.</summary>
public sealed record ChallengeResult(string ChallengeName, bool Passed, string? ChallengeMetadata);

/// <summary>What a define auth challenge function decided: the next challenge, tokens, or the end of the sign-in.</summary>
public sealed record AuthChallengeDecision(string? ChallengeName, bool IssueTokens, bool FailAuthentication);

/// <summary>A create auth challenge function's challenge: what the client is shown, what the verify function is given.</summary>
public sealed record CreatedChallenge(Dictionary<string, string> PublicParameters, Dictionary<string, string> PrivateParameters, string? ChallengeMetadata);

/// <summary>
/// The user pool triggers (spec/user-pools.md §11): for each, the event exactly as Cognito shapes it, the function called
/// through <see cref="LambdaInvoker"/>, and its answer checked and read. A trigger the pool's LambdaConfig does not name
/// is not called. ClientMetadata reaches a function only from the operations Cognito passes it from; callers give null
/// otherwise.
/// </summary>
public sealed partial class LambdaTriggers(LambdaInvoker invoker, CognitoOptions options, RequestContext requestContext, ILogger<LambdaTriggers> logger)
{
    /// <summary>callerContext.clientId of operations made with admin credentials rather than through an app client.</summary>
    public const string NoClient = "CLIENT_ID_NOT_APPLICABLE";

    /// <summary>The placeholders a custom message holds where the code (or temporary password) and the username go.</summary>
    public const string CodeParameter = "{####}";
    public const string UsernameParameter = "{username}";

    /// <summary>Cognito's placeholder for a verification link; CognitoLite sends codes only, so it is never replaced.</summary>
    private const string LinkParameter = "{##Click Here##}";

    /// <summary>Challenge names a custom authentication's define function may name or see in its session.</summary>
    public const string CustomChallenge = "CUSTOM_CHALLENGE";
    public const string PasswordVerifier = "PASSWORD_VERIFIER";
    public const string SrpA = "SRP_A";

    /// <summary>
    /// Before a user is created (SignUp, AdminCreateUser): the attributes given, ValidationData and ClientMetadata. An
    /// error refuses the sign-up. The answer to SignUp may confirm the user and verify the email or phone (which the user
    /// must have); Cognito ignores the answer to AdminCreateUser.
    /// </summary>
    public async Task<PreSignUpResponse> PreSignUp(UserPool pool, string source, string clientId, string userName, IReadOnlyDictionary<string, string> userAttributes,
        IEnumerable<KeyValuePair<string, string>>? validationData, IReadOnlyDictionary<string, string>? clientMetadata, CancellationToken ct)
    {
        if (pool.Settings.LambdaConfig.PreSignUp is not { } arn) return PreSignUpResponse.None;
        var request = new JsonObject { ["userAttributes"] = Map(userAttributes), ["validationData"] = validationData is null ? null : Map(validationData) };
        AddClientMetadata(request, clientMetadata);
        var response = await invoker.Invoke("PreSignUp", arn,
            Event(pool, source, clientId, userName, request, new JsonObject { ["autoConfirmUser"] = false, ["autoVerifyEmail"] = false, ["autoVerifyPhone"] = false }), ct);
        if (source is TriggerSource.PreSignUpAdminCreateUser or TriggerSource.PreSignUpExternalProvider) return PreSignUpResponse.None;
        var decided = new PreSignUpResponse(Flag("PreSignUp", response, "autoConfirmUser"), Flag("PreSignUp", response, "autoVerifyEmail"),
            Flag("PreSignUp", response, "autoVerifyPhone"));
        if (decided.AutoVerifyEmail && !userAttributes.ContainsKey("email")) throw invoker.Invalid("PreSignUp", "autoVerifyEmail is true, but the user has no email");
        if (decided.AutoVerifyPhone && !userAttributes.ContainsKey("phone_number")) throw invoker.Invalid("PreSignUp", "autoVerifyPhone is true, but the user has no phone_number");
        return decided;
    }

    /// <summary>After a confirmation (ConfirmSignUp, AdminConfirmSignUp, ConfirmForgotPassword), which stands whatever the function says.</summary>
    public async Task PostConfirmation(UserPool pool, string source, string clientId, User user, IReadOnlyDictionary<string, string>? clientMetadata, CancellationToken ct)
    {
        if (pool.Settings.LambdaConfig.PostConfirmation is not { } arn) return;
        var request = new JsonObject { ["userAttributes"] = UserAttributes(user) };
        AddClientMetadata(request, clientMetadata);
        await invoker.Invoke("PostConfirmation", arn, Event(pool, source, clientId, user.Username, request, []), ct);
    }

    /// <summary>
    /// Before a sign-in checks the password or sends a code: an error refuses the sign-in. The InitiateAuth ClientMetadata
    /// arrives as validationData; userNotFound is there only for clients that prevent user-existence errors, which call
    /// the function for unknown users too (<paramref name="user"/> null).
    /// </summary>
    public async Task PreAuthentication(UserPool pool, AppClient client, string userName, User? user, IReadOnlyDictionary<string, string>? validationData, CancellationToken ct)
    {
        if (pool.Settings.LambdaConfig.PreAuthentication is not { } arn) return;
        var request = new JsonObject
        {
            ["userAttributes"] = user is null ? new JsonObject() : UserAttributes(user),
            ["validationData"] = validationData is null ? null : Map(validationData),
        };
        AddUserNotFound(request, client, user);
        await invoker.Invoke("PreAuthentication", arn, Event(pool, TriggerSource.PreAuthentication, client.Id, user?.Username ?? userName, request, []), ct);
    }

    /// <summary>
    /// After every factor passed, before tokens: an error refuses the sign-in. <paramref name="newDeviceUsed"/> is true for a
    /// sign-in, in a pool that tracks devices, on a device that is not one of the user's.
    /// </summary>
    public async Task PostAuthentication(UserPool pool, AppClient client, User user, IReadOnlyDictionary<string, string>? clientMetadata, CancellationToken ct,
        bool newDeviceUsed = false)
    {
        if (pool.Settings.LambdaConfig.PostAuthentication is not { } arn) return;
        var request = new JsonObject { ["userAttributes"] = UserAttributes(user), ["newDeviceUsed"] = newDeviceUsed };
        AddClientMetadata(request, clientMetadata);
        await invoker.Invoke("PostAuthentication", arn, Event(pool, TriggerSource.PostAuthentication, client.Id, user.Username, request, []), ct);
    }

    /// <summary>
    /// Before id and access tokens are signed: the user's attributes and groups (and, from event version 2, the access
    /// token's scopes). Null when the pool has no such trigger. PreTokenGenerationConfig names the function and the event
    /// version (V1_0 by default: the id token and the groups; V2_0 and V3_0: both tokens and the scopes).
    /// </summary>
    public async Task<TokenCustomization?> PreTokenGeneration(UserPool pool, string source, AppClient client, User user, GroupConfiguration groups,
        IReadOnlyList<string> scopes, IReadOnlyDictionary<string, string>? clientMetadata, CancellationToken ct)
    {
        var config = pool.Settings.LambdaConfig;
        if ((config.PreTokenGenerationConfig?.LambdaArn ?? config.PreTokenGeneration) is not { } arn) return null;
        var v2 = config.PreTokenGenerationConfig?.LambdaVersion is "V2_0" or "V3_0";
        var request = new JsonObject
        {
            ["userAttributes"] = UserAttributes(user),
            ["groupConfiguration"] = new JsonObject
            {
                ["groupsToOverride"] = Strings(groups.Groups),
                ["iamRolesToOverride"] = Strings(groups.IamRoles),
                ["preferredRole"] = groups.PreferredRole,
            },
        };
        if (v2) request["scopes"] = Strings(scopes);
        AddClientMetadata(request, clientMetadata);
        var initial = new JsonObject { [v2 ? "claimsAndScopeOverrideDetails" : "claimsOverrideDetails"] = null };
        var @event = Event(pool, source, client.Id, user.Username, request, initial);
        if (v2) @event["version"] = config.PreTokenGenerationConfig!.LambdaVersion == "V3_0" ? "3" : "2";
        var response = await invoker.Invoke("PreTokenGeneration", arn, @event, ct);
        try
        {
            return v2 ? TokenCustomization.FromV2(response, Ignored) : TokenCustomization.FromV1(response, Ignored);
        }
        catch (FormatException wrong)
        {
            throw invoker.Invalid("PreTokenGeneration", wrong.Message);
        }
    }

    /// <summary>
    /// Before a client_credentials access token is signed. Only a V3_0 function sees machine sign-ins
    /// (TokenGeneration_ClientCredentials): no user (no userName, empty attributes and groups), the granted scopes; its
    /// answer changes the access token only. Null when the pool has no such function.
    /// </summary>
    public async Task<TokenCustomization?> PreTokenGenerationForClient(UserPool pool, AppClient client, IReadOnlyList<string> scopes, CancellationToken ct)
    {
        if (pool.Settings.LambdaConfig.PreTokenGenerationConfig is not { LambdaVersion: "V3_0", LambdaArn: { } arn }) return null;
        var request = new JsonObject
        {
            ["userAttributes"] = new JsonObject(),
            ["groupConfiguration"] = new JsonObject { ["groupsToOverride"] = new JsonArray(), ["iamRolesToOverride"] = new JsonArray(), ["preferredRole"] = null },
            ["scopes"] = Strings(scopes),
        };
        var @event = Event(pool, TriggerSource.TokenGenerationClientCredentials, client.Id, "", request, new JsonObject { ["claimsAndScopeOverrideDetails"] = null });
        @event["version"] = "3";
        @event.Remove("userName");
        var response = await invoker.Invoke("PreTokenGeneration", arn, @event, ct);
        try
        {
            return TokenCustomization.FromV2(response, Ignored);
        }
        catch (FormatException wrong)
        {
            throw invoker.Invalid("PreTokenGeneration", wrong.Message);
        }
    }

    /// <summary>
    /// Before a message is sent (<paramref name="kind"/> as the outbox names it, the end of Cognito's triggerSource:
    /// SignUp, ResendCode, ForgotPassword, UpdateUserAttribute, VerifyUserAttribute, AdminCreateUser, Authentication): the
    /// function may write its text, with <see cref="CodeParameter"/> (and, for AdminCreateUser, <see cref="UsernameParameter"/>)
    /// where the code and username go. Null when the pool has no such trigger.
    /// </summary>
    public async Task<CustomMessageResponse?> CustomMessage(UserPool pool, string kind, CallerContext caller, User user, CancellationToken ct)
    {
        if (pool.Settings.LambdaConfig.CustomMessage is not { } arn) return null;
        var request = new JsonObject
        {
            ["userAttributes"] = UserAttributes(user),
            ["codeParameter"] = CodeParameter,
            ["linkParameter"] = LinkParameter,
            ["usernameParameter"] = kind == "AdminCreateUser" ? UsernameParameter : null,
        };
        AddClientMetadata(request, caller.ClientMetadata);
        var response = await invoker.Invoke("CustomMessage", arn, Event(pool, "CustomMessage_" + kind, caller.ClientId, user.Username, request,
            new JsonObject { ["smsMessage"] = null, ["emailMessage"] = null, ["emailSubject"] = null }), ct);
        return new CustomMessageResponse(Text("CustomMessage", response, "smsMessage"), Text("CustomMessage", response, "emailMessage"),
            Text("CustomMessage", response, "emailSubject"));
    }

    /// <summary>
    /// A message for the pool's custom email (or SMS) sender, which delivers it instead of the pool: true when the pool has
    /// one for the medium. Cognito encrypts the code with the pool's KMS key (AWS Encryption SDK); CognitoLite has no KMS,
    /// so development mode sends the code base64-encoded, in the clear, and production mode refuses.
    /// </summary>
    /// <param name="destination">Where the message goes: the attribute's value, or a new value waiting for verification,
    /// which the event's userAttributes then show, so that the function can deliver it.</param>
    public async Task<bool> CustomSender(UserPool pool, string kind, CallerContext caller, User user, string attribute, string destination, string code,
        CancellationToken ct)
    {
        var email = attribute == "email";
        if (SenderOf(pool, attribute)?.LambdaArn is not { } arn) return false;
        var trigger = email ? "CustomEmailSender" : "CustomSMSSender";
        if (options.Production) throw Errors.CustomSenderNeedsKms(trigger);
        var attributes = UserAttributes(user);
        attributes[attribute] = destination;
        var request = new JsonObject
        {
            ["type"] = email ? "customEmailSenderRequestV1" : "customSMSSenderRequestV1",
            ["code"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(code)),
            ["userAttributes"] = attributes,
        };
        AddClientMetadata(request, caller.ClientMetadata);
        await invoker.Invoke(trigger, arn, Event(pool, trigger + "_" + kind, caller.ClientId, user.Username, request, []), ct, answerRead: false);
        return true;
    }

    /// <summary>True when messages to the attribute (email or phone_number) go to the pool's custom sender, which writes its own text.</summary>
    public static bool HasCustomSender(UserPool pool, string attribute) => SenderOf(pool, attribute)?.LambdaArn is not null;

    private static StoredLambdaVersionConfig? SenderOf(UserPool pool, string attribute) =>
        attribute == "email" ? pool.Settings.LambdaConfig.CustomEmailSender : pool.Settings.LambdaConfig.CustomSMSSender;

    /// <summary>
    /// A user the pool does not have signs in with a password (<paramref name="source"/> UserMigration_Authentication, the
    /// InitiateAuth ClientMetadata as validationData) or asks for a password reset (UserMigration_ForgotPassword, with
    /// ForgotPassword's ClientMetadata): the function finds the user in the old store, or refuses. Null when the pool has
    /// no such trigger.
    /// </summary>
    public async Task<MigratedUser?> UserMigration(UserPool pool, string source, string clientId, string userName, string? password,
        IReadOnlyDictionary<string, string>? validationData, IReadOnlyDictionary<string, string>? clientMetadata, CancellationToken ct)
    {
        if (pool.Settings.LambdaConfig.UserMigration is not { } arn) return null;
        var request = new JsonObject();
        if (password is not null)
        {
            request["password"] = password;
            request["validationData"] = validationData is null ? null : Map(validationData);
        }
        AddClientMetadata(request, clientMetadata);
        var response = await invoker.Invoke("UserMigration", arn, Event(pool, source, clientId, userName, request, new JsonObject
        {
            ["userAttributes"] = null, ["finalUserStatus"] = null, ["messageAction"] = null,
            ["desiredDeliveryMediums"] = null, ["forceAliasCreation"] = null, ["enableSMSMFA"] = null,
        }), ct);
        var attributes = StringMap("UserMigration", response, "userAttributes") ?? throw invoker.Invalid("UserMigration", "userAttributes is missing");
        var status = Text("UserMigration", response, "finalUserStatus");
        if (status is not (null or "CONFIRMED" or "RESET_REQUIRED")) throw invoker.Invalid("UserMigration", "finalUserStatus is neither CONFIRMED nor RESET_REQUIRED");
        var action = Text("UserMigration", response, "messageAction");
        if (action is not (null or "SUPPRESS")) throw invoker.Invalid("UserMigration", "messageAction is not SUPPRESS");
        var mediums = response["desiredDeliveryMediums"] is null ? ["SMS"] : StringList("UserMigration", response, "desiredDeliveryMediums");
        if (mediums.Any(m => m is not ("SMS" or "EMAIL"))) throw invoker.Invalid("UserMigration", "desiredDeliveryMediums holds neither SMS nor EMAIL");
        return new MigratedUser(attributes, status, action == "SUPPRESS", mediums, Flag("UserMigration", response, "forceAliasCreation"),
            Flag("UserMigration", response, "enableSMSMFA"));
    }

    /// <summary>
    /// CUSTOM_AUTH, at its start and after every answer: the challenges so far decide between the next one, tokens and a
    /// failed sign-in. PASSWORD_VERIFIER may follow SRP_A only (the client asked for SRP first); any other challenge but
    /// CUSTOM_CHALLENGE is an invalid answer. An unknown user (<paramref name="user"/> null) reaches the function only from
    /// clients that prevent user-existence errors.
    /// </summary>
    public async Task<AuthChallengeDecision> DefineAuthChallenge(UserPool pool, AppClient client, string userName, User? user, IReadOnlyList<ChallengeResult> session,
        IReadOnlyDictionary<string, string>? clientMetadata, CancellationToken ct)
    {
        if (pool.Settings.LambdaConfig.DefineAuthChallenge is not { } arn) throw Errors.CustomAuthNotConfigured();
        var request = new JsonObject { ["userAttributes"] = user is null ? new JsonObject() : UserAttributes(user), ["session"] = Session(session) };
        AddClientMetadata(request, clientMetadata);
        AddUserNotFound(request, client, user);
        var response = await invoker.Invoke("DefineAuthChallenge", arn, Event(pool, TriggerSource.DefineAuthChallenge, client.Id, user?.Username ?? userName, request,
            new JsonObject { ["challengeName"] = null, ["issueTokens"] = false, ["failAuthentication"] = false }), ct);
        var decision = new AuthChallengeDecision(Text("DefineAuthChallenge", response, "challengeName"), Flag("DefineAuthChallenge", response, "issueTokens"),
            Flag("DefineAuthChallenge", response, "failAuthentication"));
        if (decision.IssueTokens || decision.FailAuthentication || decision.ChallengeName == CustomChallenge) return decision;
        if (decision.ChallengeName == PasswordVerifier && session.Count > 0 && session[^1].ChallengeName == SrpA) return decision;
        throw invoker.Invalid("DefineAuthChallenge", $"challengeName {decision.ChallengeName ?? "null"} cannot come next, and neither issueTokens nor failAuthentication is true");
    }

    /// <summary>The CUSTOM_CHALLENGE the define function asked for: its public parameters go to the client, its private ones to the verify function.</summary>
    public async Task<CreatedChallenge> CreateAuthChallenge(UserPool pool, AppClient client, string userName, User? user, IReadOnlyList<ChallengeResult> session,
        IReadOnlyDictionary<string, string>? clientMetadata, CancellationToken ct)
    {
        if (pool.Settings.LambdaConfig.CreateAuthChallenge is not { } arn) throw Errors.CustomAuthNotConfigured();
        var request = new JsonObject
        {
            ["userAttributes"] = user is null ? new JsonObject() : UserAttributes(user),
            ["challengeName"] = CustomChallenge,
            ["session"] = Session(session),
        };
        AddClientMetadata(request, clientMetadata);
        AddUserNotFound(request, client, user);
        var response = await invoker.Invoke("CreateAuthChallenge", arn, Event(pool, TriggerSource.CreateAuthChallenge, client.Id, user?.Username ?? userName, request,
            new JsonObject { ["publicChallengeParameters"] = new JsonObject(), ["privateChallengeParameters"] = new JsonObject(), ["challengeMetadata"] = null }), ct);
        return new CreatedChallenge(StringMap("CreateAuthChallenge", response, "publicChallengeParameters") ?? [],
            StringMap("CreateAuthChallenge", response, "privateChallengeParameters") ?? [], Text("CreateAuthChallenge", response, "challengeMetadata"));
    }

    /// <summary>The client's ANSWER to a CUSTOM_CHALLENGE, checked by the verify function against the private parameters.</summary>
    public async Task<bool> VerifyAuthChallengeResponse(UserPool pool, AppClient client, User user, IReadOnlyDictionary<string, string> privateParameters, string answer,
        IReadOnlyDictionary<string, string>? clientMetadata, CancellationToken ct)
    {
        if (pool.Settings.LambdaConfig.VerifyAuthChallengeResponse is not { } arn) throw Errors.CustomAuthNotConfigured();
        var request = new JsonObject
        {
            ["userAttributes"] = UserAttributes(user),
            ["privateChallengeParameters"] = Map(privateParameters),
            ["challengeAnswer"] = answer,
        };
        AddClientMetadata(request, clientMetadata);
        AddUserNotFound(request, client, user);
        var response = await invoker.Invoke("VerifyAuthChallengeResponse", arn, Event(pool, TriggerSource.VerifyAuthChallengeResponse, client.Id, user.Username, request,
            new JsonObject { ["answerCorrect"] = false }), ct);
        return Flag("VerifyAuthChallengeResponse", response, "answerCorrect");
    }

    private void Ignored(string claim) => LogReservedClaim(logger, claim);

    /// <summary>The envelope every trigger event shares; version 1 unless the trigger says otherwise.</summary>
    private JsonObject Event(UserPool pool, string source, string clientId, string userName, JsonObject request, JsonObject response) => new()
    {
        ["version"] = "1",
        ["triggerSource"] = source,
        ["region"] = pool.Id[..pool.Id.IndexOf('_')],
        ["userPoolId"] = pool.Id,
        ["userName"] = userName,
        ["callerContext"] = new JsonObject { ["awsSdkVersion"] = requestContext.AwsSdkVersion, ["clientId"] = clientId },
        ["request"] = request,
        ["response"] = response,
    };

    /// <summary>A user's attributes as triggers see them: sub, the stored attributes and the user's status.</summary>
    private static JsonObject UserAttributes(User user)
    {
        var attributes = new JsonObject { ["sub"] = user.Sub.ToString() };
        foreach (var (name, value) in user.Attributes) attributes[name] = value;
        attributes["cognito:user_status"] = user.Status;
        return attributes;
    }

    private static void AddClientMetadata(JsonObject request, IReadOnlyDictionary<string, string>? clientMetadata)
    {
        if (clientMetadata is not null) request["clientMetadata"] = Map(clientMetadata);
    }

    /// <summary>userNotFound is in the events only for clients that prevent user-existence errors, as Cognito sends it.</summary>
    private static void AddUserNotFound(JsonObject request, AppClient client, User? user)
    {
        if (client.Settings.PreventUserExistenceErrors == "ENABLED") request["userNotFound"] = user is null;
    }

    private static JsonArray Session(IEnumerable<ChallengeResult> session) => new([.. session.Select(step => (JsonNode?)new JsonObject
    {
        ["challengeName"] = step.ChallengeName,
        ["challengeResult"] = step.Passed,
        ["challengeMetadata"] = step.ChallengeMetadata,
    })]);

    private static JsonObject Map(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        var map = new JsonObject();
        foreach (var (name, value) in pairs) map[name] = value;
        return map;
    }

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode?)JsonValue.Create(v))]);

    /// <summary>A boolean of an answer: absent or null is false, anything but a boolean an invalid answer.</summary>
    private bool Flag(string trigger, JsonObject response, string name) => response[name] switch
    {
        null => false,
        JsonValue value when value.TryGetValue<bool>(out var flag) => flag,
        _ => throw invoker.Invalid(trigger, $"{name} is not a boolean"),
    };

    /// <summary>A string of an answer: absent or null is null, anything but a string an invalid answer.</summary>
    private string? Text(string trigger, JsonObject response, string name) => response[name] switch
    {
        null => null,
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        _ => throw invoker.Invalid(trigger, $"{name} is not a string"),
    };

    /// <summary>A map of strings of an answer (attributes, challenge parameters): absent or null is null.</summary>
    private Dictionary<string, string>? StringMap(string trigger, JsonObject response, string name) => response[name] switch
    {
        null => null,
        JsonObject map => map.ToDictionary(p => p.Key,
            p => p.Value is JsonValue value && value.TryGetValue<string>(out var text) ? text : throw invoker.Invalid(trigger, $"{name}.{p.Key} is not a string")),
        _ => throw invoker.Invalid(trigger, $"{name} is not an object"),
    };

    /// <summary>An array of strings of an answer.</summary>
    private List<string> StringList(string trigger, JsonObject response, string name) => response[name] switch
    {
        JsonArray values => values.Select(v => v is JsonValue value && value.TryGetValue<string>(out var text) ? text : throw invoker.Invalid(trigger, $"{name} holds a non-string")).ToList(),
        _ => throw invoker.Invalid(trigger, $"{name} is not an array"),
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "PreTokenGeneration: the claim {Claim} cannot be added, changed or suppressed; ignored")]
    private static partial void LogReservedClaim(ILogger logger, string claim);
}
