using System.Text.Json.Nodes;
using CognitoLite.Core.Storage;
using Microsoft.Extensions.Logging;

namespace CognitoLite.Core.Triggers;

/// <summary>The triggerSource values Cognito sends, each naming the trigger and the operation that runs it.</summary>
public static class TriggerSource
{
    public const string PreSignUpSignUp = "PreSignUp_SignUp";
    public const string PreSignUpAdminCreateUser = "PreSignUp_AdminCreateUser";
    public const string PostConfirmationConfirmSignUp = "PostConfirmation_ConfirmSignUp";
    public const string PostConfirmationConfirmForgotPassword = "PostConfirmation_ConfirmForgotPassword";
    public const string PreAuthentication = "PreAuthentication_Authentication";
    public const string PostAuthentication = "PostAuthentication_Authentication";
    public const string TokenGenerationHostedAuth = "TokenGeneration_HostedAuth";
    public const string TokenGenerationAuthentication = "TokenGeneration_Authentication";
    public const string TokenGenerationNewPasswordChallenge = "TokenGeneration_NewPasswordChallenge";
    public const string TokenGenerationRefreshTokens = "TokenGeneration_RefreshTokens";
}

/// <summary>What a pre sign-up function decided (all false when the pool has no such trigger).</summary>
public sealed record PreSignUpResponse(bool AutoConfirmUser, bool AutoVerifyEmail, bool AutoVerifyPhone)
{
    public static readonly PreSignUpResponse None = new(false, false, false);
}

/// <summary>
/// The user pool triggers (spec/user-pools.md §11): for each, the event exactly as Cognito shapes it, the function called
/// through <see cref="LambdaInvoker"/>, and its answer checked and read. A trigger the pool's LambdaConfig does not name
/// is not called. ClientMetadata reaches a function only from the operations Cognito passes it from; callers give null
/// otherwise.
/// </summary>
public sealed partial class LambdaTriggers(LambdaInvoker invoker, ILogger<LambdaTriggers> logger)
{
    /// <summary>callerContext.clientId of operations made with admin credentials rather than through an app client.</summary>
    public const string NoClient = "CLIENT_ID_NOT_APPLICABLE";

    /// <summary>Cognito names the caller's SDK here; CognitoLite does not tell SDKs apart, as Cognito says of unknown ones.</summary>
    private const string AwsSdkVersion = "aws-sdk-unknown-unknown";

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
        if (source == TriggerSource.PreSignUpAdminCreateUser) return PreSignUpResponse.None;
        var decided = new PreSignUpResponse(Flag(response, "autoConfirmUser"), Flag(response, "autoVerifyEmail"), Flag(response, "autoVerifyPhone"));
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
        if (client.Settings.PreventUserExistenceErrors == "ENABLED") request["userNotFound"] = user is null;
        await invoker.Invoke("PreAuthentication", arn, Event(pool, TriggerSource.PreAuthentication, client.Id, user?.Username ?? userName, request, []), ct);
    }

    /// <summary>After every factor passed, before tokens: an error refuses the sign-in. CognitoLite remembers no devices, so no device is new.</summary>
    public async Task PostAuthentication(UserPool pool, AppClient client, User user, IReadOnlyDictionary<string, string>? clientMetadata, CancellationToken ct)
    {
        if (pool.Settings.LambdaConfig.PostAuthentication is not { } arn) return;
        var request = new JsonObject { ["userAttributes"] = UserAttributes(user), ["newDeviceUsed"] = false };
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
        if (v2) @event["version"] = "2";
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

    private void Ignored(string claim) => LogReservedClaim(logger, claim);

    /// <summary>The envelope every trigger event shares; version 1 unless the trigger says otherwise.</summary>
    private static JsonObject Event(UserPool pool, string source, string clientId, string userName, JsonObject request, JsonObject response) => new()
    {
        ["version"] = "1",
        ["triggerSource"] = source,
        ["region"] = pool.Id[..pool.Id.IndexOf('_')],
        ["userPoolId"] = pool.Id,
        ["userName"] = userName,
        ["callerContext"] = new JsonObject { ["awsSdkVersion"] = AwsSdkVersion, ["clientId"] = clientId },
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

    private static JsonObject Map(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        var map = new JsonObject();
        foreach (var (name, value) in pairs) map[name] = value;
        return map;
    }

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode?)JsonValue.Create(v))]);

    /// <summary>A boolean of a pre sign-up answer: absent or null is false, anything but a boolean an invalid answer.</summary>
    private bool Flag(JsonObject response, string name) => response[name] switch
    {
        null => false,
        JsonValue value when value.TryGetValue<bool>(out var flag) => flag,
        _ => throw invoker.Invalid("PreSignUp", $"{name} is not a boolean"),
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "PreTokenGeneration: the claim {Claim} cannot be added, changed or suppressed; ignored")]
    private static partial void LogReservedClaim(ILogger logger, string claim);
}
