using System.Text.Json.Nodes;
using CognitoLite.Tests.Infrastructure;

namespace CognitoLite.Tests.Admin;

/// <summary>Admin user calls and the NEW_PASSWORD_REQUIRED answer, as the admin, account and group tests repeat them.</summary>
public static class UserAdmin
{
    /// <summary>Meets the default policy and differs from <see cref="IdpFlows.Password"/>.</summary>
    public const string NewPassword = "N3w-Passw0rd!";

    public static JsonArray Attributes(params (string Name, string Value)[] attributes) =>
        new(attributes.Select(a => (JsonNode)new JsonObject { ["Name"] = a.Name, ["Value"] = a.Value }).ToArray());

    /// <summary>AdminCreateUser; the members left null are not sent.</summary>
    public static Task<JsonNode> AdminCreateUser(this IdpFlows idp, string poolId, string username, string? temporaryPassword = null,
        string? messageAction = null, string[]? mediums = null, params (string Name, string Value)[] attributes)
    {
        var body = new JsonObject { ["UserPoolId"] = poolId, ["Username"] = username };
        if (attributes.Length > 0) body["UserAttributes"] = Attributes(attributes);
        if (temporaryPassword is not null) body["TemporaryPassword"] = temporaryPassword;
        if (messageAction is not null) body["MessageAction"] = messageAction;
        if (mediums is not null) body["DesiredDeliveryMediums"] = new JsonArray(mediums.Select(m => (JsonNode)m).ToArray());
        return idp.Aws.Idp("AdminCreateUser", body.ToJsonString());
    }

    /// <summary>A CONFIRMED user made by an admin (no message sent), with a permanent password.</summary>
    public static async Task<JsonNode> AdminConfirmedUser(this IdpFlows idp, string poolId, string username, string password = IdpFlows.Password,
        params (string Name, string Value)[] attributes)
    {
        var created = await idp.AdminCreateUser(poolId, username, IdpFlows.Password, "SUPPRESS", null, attributes);
        await idp.Aws.Idp("AdminSetUserPassword", new { UserPoolId = poolId, Username = username, Password = password, Permanent = true });
        return created["User"]!;
    }

    public static Task<JsonNode> AdminGetUser(this IdpFlows idp, string poolId, string username) =>
        idp.Aws.Idp("AdminGetUser", new { UserPoolId = poolId, Username = username });

    /// <summary>AdminGetUser's attributes as a name → value map.</summary>
    public static async Task<Dictionary<string, string>> AdminAttributes(this IdpFlows idp, string poolId, string username) =>
        ToMap((await idp.AdminGetUser(poolId, username))["UserAttributes"]);

    public static async Task<string> Status(this IdpFlows idp, string poolId, string username) =>
        (await idp.AdminGetUser(poolId, username))["UserStatus"].Str();

    public static Dictionary<string, string> ToMap(JsonNode? attributes) =>
        attributes!.AsArray().ToDictionary(a => a!["Name"].Str(), a => a!["Value"].Str());

    /// <summary>The newest message of this kind the outbox holds for the user.</summary>
    public static async Task<JsonNode> LatestMessage(this IdpFlows idp, string poolId, string username, string kind)
    {
        var messages = (await idp.Messages(poolId, username)).Where(m => m!["kind"].Str() == kind).ToList();
        Assert.NotEmpty(messages);
        return messages[^1]!;
    }

    /// <summary>RespondToAuthChallenge NEW_PASSWORD_REQUIRED with the session and any `userAttributes.*` answers.</summary>
    public static Task<JsonNode> RespondNewPassword(this IdpFlows idp, TestClient client, string session, string username, string newPassword = NewPassword,
        params (string Name, string Value)[] attributes) =>
        idp.Aws.Idp("RespondToAuthChallenge", new
        {
            ClientId = client.Id,
            ChallengeName = "NEW_PASSWORD_REQUIRED",
            Session = session,
            ChallengeResponses = NewPasswordResponses(client, username, newPassword, attributes),
        });

    /// <summary>The same answer through AdminRespondToAuthChallenge.</summary>
    public static Task<JsonNode> AdminRespondNewPassword(this IdpFlows idp, TestClient client, string session, string username, string newPassword = NewPassword,
        params (string Name, string Value)[] attributes) =>
        idp.Aws.Idp("AdminRespondToAuthChallenge", new
        {
            UserPoolId = client.PoolId,
            ClientId = client.Id,
            ChallengeName = "NEW_PASSWORD_REQUIRED",
            Session = session,
            ChallengeResponses = NewPasswordResponses(client, username, newPassword, attributes),
        });

    private static Dictionary<string, string> NewPasswordResponses(TestClient client, string username, string newPassword, (string Name, string Value)[] attributes)
    {
        var responses = new Dictionary<string, string> { ["USERNAME"] = username, ["NEW_PASSWORD"] = newPassword };
        foreach (var (name, value) in attributes) responses["userAttributes." + name] = value;
        if (client.Secret is not null) responses["SECRET_HASH"] = IdpFlows.SecretHash(client.Secret, username, client.Id);
        return responses;
    }

    /// <summary>Signs in with the temporary password and expects NEW_PASSWORD_REQUIRED; returns the whole response.</summary>
    public static async Task<JsonNode> NewPasswordChallenge(this IdpFlows idp, TestClient client, string username, string temporaryPassword)
    {
        var response = await idp.PasswordAuth(client, username, temporaryPassword);
        Assert.Equal("NEW_PASSWORD_REQUIRED", response["ChallengeName"].Str());
        Assert.Null(response["AuthenticationResult"]);
        return response;
    }

    /// <summary>The policy the default pool asks for: 8+ characters with upper, lower, digit and symbol.</summary>
    public static void MeetsDefaultPolicy(string password, int minimumLength = 8)
    {
        Assert.True(password.Length >= minimumLength, $"'{password}' is shorter than {minimumLength}");
        Assert.Matches("[A-Z]", password);
        Assert.Matches("[a-z]", password);
        Assert.Matches("[0-9]", password);
        Assert.Matches(@"[\^$*.\[\]{}()?""!@#%&/\\,><':;|_~`=+\-]", password);
        Assert.DoesNotMatch(@"^\s|\s$", password);
    }
}
