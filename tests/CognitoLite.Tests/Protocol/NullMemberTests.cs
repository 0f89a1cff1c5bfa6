using System.Collections;
using System.Net;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using CognitoLite.Core.Api;
using CognitoLite.Server.AwsJson;
using CognitoLite.Tests.Infrastructure;

namespace CognitoLite.Tests.Protocol;

/// <summary>
/// A null element in any list, or a null value in any map, of any operation's request is refused as AWS's model
/// refuses it (InvalidParameterException, or cognito-identity's ValidationException, naming the member), never a 500: swept over the whole operation table.
/// </summary>
public sealed class NullMemberTests(SqliteHost fixture) : IClassFixture<SqliteHost>
{
    private readonly AwsClient _aws = fixture.Host.Aws();

    /// <summary>Every list and map member reachable in every operation's request: target, JSON body, AWS path of the null.</summary>
    public static TheoryData<string, string, string> NullElements()
    {
        var cases = new TheoryData<string, string, string>();
        foreach (var operation in OperationTable.ByTarget.Values.OrderBy(o => o.Target, StringComparer.Ordinal))
            foreach (var (body, path) in Collections(operation.RequestType, depth: 0))
                cases.Add(operation.Target, body.ToJsonString(), path);
        return cases;
    }

    [Theory]
    [MemberData(nameof(NullElements))]
    public async Task A_null_element_or_map_value_is_a_validation_error(string target, string body, string path)
    {
        using var response = await _aws.Send(target, body);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = JsonNode.Parse(text)!;
        // Each service names a model-constraint failure its own way: cognito-identity says ValidationException.
        var expected = target.StartsWith("AWSCognitoIdentityService.", StringComparison.Ordinal) ? "ValidationException" : "InvalidParameterException";
        Assert.Equal(expected, error["__type"]!.GetValue<string>());
        Assert.Contains($"Value null at '{path}' failed to satisfy constraint: Member must not be null", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_sweep_reaches_the_members_that_crashed()
    {
        var paths = NullElements().Select(row => $"{row[0]} {row[2]}").ToList();
        Assert.Contains("AWSCognitoIdentityProviderService.SignUp userAttributes.1.member", paths);
        Assert.Contains("AWSCognitoIdentityProviderService.AdminCreateUser userAttributes.1.member", paths);
        Assert.Contains("AWSCognitoIdentityProviderService.CreateUserPoolClient explicitAuthFlows.1.member", paths);
        Assert.Contains("AWSCognitoIdentityProviderService.SignUp clientMetadata.k.member", paths);
        Assert.Contains("AWSCognitoIdentityService.SetIdentityPoolRoles roleMappings.k.member.rulesConfiguration.rules.1.member", paths);
    }

    [Fact]
    public async Task A_null_in_AuthParameters_or_ChallengeResponses_is_no_value()
    {
        var idp = new IdpFlows(fixture.Host);
        var client = await idp.CreatePoolAndClient();
        await idp.ConfirmedUser(client, "nina");

        // amazon-cognito-identity-js signs in again with "DEVICE_KEY": null once its device is gone.
        var signedIn = await _aws.Idp("InitiateAuth", $$$"""
            {"AuthFlow":"USER_PASSWORD_AUTH","ClientId":"{{{client.Id}}}","AuthParameters":{"USERNAME":"nina","PASSWORD":"{{{IdpFlows.Password}}}","DEVICE_KEY":null}}
            """);
        var missing = await Expect.InvalidParameter(() => _aws.Idp("RespondToAuthChallenge", $$$"""
            {"ChallengeName":"PASSWORD_VERIFIER","ClientId":"{{{client.Id}}}","ChallengeResponses":{"USERNAME":null}}
            """));

        Assert.NotNull(signedIn["AuthenticationResult"]);
        Assert.Equal("Missing required parameter USERNAME", missing.AwsMessage);
    }

    [Fact]
    public async Task The_null_is_reported_at_its_position_in_the_list()
    {
        var error = await Expect.InvalidParameter(() => _aws.Idp("SignUp", """
            {"ClientId":"abcdefghijklmnopqrstuvwxyz","Username":"u","Password":"Passw0rd!",
             "UserAttributes":[{"Name":"email","Value":"a@example.com"},null]}
            """));
        Assert.Equal("1 validation error detected: Value null at 'userAttributes.2.member' failed to satisfy constraint: Member must not be null", error.AwsMessage);
    }

    /// <summary>
    /// For each list or map member of <paramref name="type"/> (and of the models inside it): a request holding only a
    /// null there, and the path AWS names it by (wire names camel-cased, list positions from 1, "member" per element).
    /// </summary>
    private static IEnumerable<(JsonObject Body, string Path)> Collections(Type type, int depth)
    {
        if (depth > 4) yield break;
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            var wire = char.ToLowerInvariant(property.Name[0]) + property.Name[1..];
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            // AuthParameters and ChallengeResponses read a null value as absent (see NullAsAbsentMap), as Cognito does.
            if (property.GetCustomAttribute<JsonConverterAttribute>()?.ConverterType == typeof(NullAsAbsentMap)) continue;
            if (IsMap(propertyType, out var valueType))
            {
                yield return (new JsonObject { [property.Name] = new JsonObject { ["k"] = null } }, $"{wire}.k.member");
                if (IsModel(valueType))
                    foreach (var (inner, path) in Collections(valueType, depth + 1))
                        yield return (new JsonObject { [property.Name] = new JsonObject { ["k"] = inner } }, $"{wire}.k.member.{path}");
            }
            else if (IsList(propertyType, out var elementType))
            {
                yield return (new JsonObject { [property.Name] = new JsonArray { null } }, $"{wire}.1.member");
                if (IsModel(elementType))
                    foreach (var (inner, path) in Collections(elementType, depth + 1))
                        yield return (new JsonObject { [property.Name] = new JsonArray { inner } }, $"{wire}.1.member.{path}");
            }
            else if (IsModel(propertyType))
            {
                foreach (var (inner, path) in Collections(propertyType, depth + 1))
                    yield return (new JsonObject { [property.Name] = inner }, $"{wire}.{path}");
            }
        }
    }

    private static bool IsMap(Type type, out Type valueType)
    {
        var map = type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDictionary<,>));
        valueType = map?.GetGenericArguments()[1] ?? typeof(object);
        return map is not null;
    }

    private static bool IsList(Type type, out Type elementType)
    {
        var list = type == typeof(string) || type == typeof(byte[]) ? null // strings and blobs (base64) are scalars on the wire
            : type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>));
        elementType = list?.GetGenericArguments()[0] ?? typeof(object);
        return list is not null && typeof(IEnumerable).IsAssignableFrom(type);
    }

    private static bool IsModel(Type type) =>
        type.IsClass && type != typeof(string) && type.Namespace?.StartsWith("CognitoLite.Core", StringComparison.Ordinal) == true;
}
