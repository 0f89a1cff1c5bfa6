using System.Text.Json.Nodes;
using CognitoLite.Tests.Infrastructure;

namespace CognitoLite.Tests.UserPools;

/// <summary>
/// CreateUserPool's Schema and AddCustomAttributes checked as AWS checks them, with AWS's messages (as moto's Cognito
/// tests reproduce them): a custom attribute needs a type, a standard one keeps its type and cannot be developer-only,
/// limits are whole numbers from 0, a String is at most 2048 long, and min is not above max.
/// </summary>
public sealed class SchemaValidationTests(SqliteHost fixture) : IClassFixture<SqliteHost>
{
    private readonly AwsClient _aws = fixture.Host.Aws();

    private Task<JsonNode> CreatePool(string schemaJson) =>
        _aws.Idp("CreateUserPool", $$"""{ "PoolName": "schema-{{Guid.NewGuid():N}}", "Schema": {{schemaJson}} }""");

    private async Task<string> Refused(string schemaJson) => (await Expect.InvalidParameter(() => CreatePool(schemaJson))).AwsMessage;

    [Fact]
    public async Task A_custom_attribute_without_AttributeDataType_is_refused()
    {
        Assert.Equal("Invalid AttributeDataType input, consider using the provided AttributeDataType enum.",
            await Refused("""[ { "Name": "tenant" } ]"""));
    }

    [Theory]
    [InlineData("""{ "Name": "email", "AttributeDataType": "Number" }""", "email")]
    [InlineData("""{ "Name": "email", "DeveloperOnlyAttribute": true }""", "email")]
    [InlineData("""{ "Name": "email_verified", "AttributeDataType": "String" }""", "email_verified")]
    public async Task A_standard_attribute_keeps_its_type_and_is_never_developer_only(string attribute, string name)
    {
        Assert.Equal($"You can not change AttributeDataType or set developerOnlyAttribute for standard schema attribute {name}",
            await Refused($"[ {attribute} ]"));
    }

    [Theory]
    [InlineData("email", "String", """{ "MinLength": "invalid_value" }""", "StringAttributeConstraints")]
    [InlineData("email", "String", """{ "MaxLength": "invalid_value" }""", "StringAttributeConstraints")]
    [InlineData("email", "String", """{ "MaxLength": "-1" }""", "StringAttributeConstraints")]
    [InlineData("updated_at", "Number", """{ "MinValue": "invalid_value" }""", "NumberAttributeConstraints")]
    [InlineData("updated_at", "Number", """{ "MaxValue": "1.5" }""", "NumberAttributeConstraints")]
    public async Task A_limit_that_is_no_whole_number_from_0_is_refused(string name, string type, string constraints, string member)
    {
        Assert.Equal($"Invalid {member} for schema attribute {name}",
            await Refused($$"""[ { "Name": "{{name}}", "AttributeDataType": "{{type}}", "{{member}}": {{constraints}} } ]"""));
    }

    [Fact]
    public async Task The_message_names_a_custom_attribute_by_its_prefixed_name()
    {
        Assert.Equal("Invalid NumberAttributeConstraints for schema attribute custom:seats",
            await Refused("""[ { "Name": "seats", "AttributeDataType": "Number", "NumberAttributeConstraints": { "MinValue": "x" } } ]"""));
    }

    [Theory]
    [InlineData("""{ "MinLength": "2049" }""")]
    [InlineData("""{ "MaxLength": "2049" }""")]
    public async Task A_String_longer_than_2048_is_refused(string constraints)
    {
        Assert.Equal("user.email: String attributes cannot have a length of more than 2048",
            await Refused($$"""[ { "Name": "email", "AttributeDataType": "String", "StringAttributeConstraints": {{constraints}} } ]"""));
        Assert.Equal("user.custom:note: String attributes cannot have a length of more than 2048",
            await Refused($$"""[ { "Name": "note", "AttributeDataType": "String", "StringAttributeConstraints": {{constraints}} } ]"""));
    }

    [Fact]
    public async Task Inverted_limits_are_refused()
    {
        Assert.Equal("user.email: Max length cannot be less than min length.",
            await Refused("""[ { "Name": "email", "AttributeDataType": "String", "StringAttributeConstraints": { "MinLength": "2", "MaxLength": "1" } } ]"""));
        Assert.Equal("user.updated_at: Max value cannot be less than min value.",
            await Refused("""[ { "Name": "updated_at", "AttributeDataType": "Number", "NumberAttributeConstraints": { "MinValue": "2", "MaxValue": "1" } } ]"""));
    }

    [Fact]
    public async Task Valid_limits_and_partial_limits_are_kept_as_given()
    {
        var pool = (await CreatePool("""
            [ { "Name": "code", "AttributeDataType": "String", "StringAttributeConstraints": { "MinLength": "2048", "MaxLength": "2048" } },
              { "Name": "rank", "AttributeDataType": "Number", "NumberAttributeConstraints": { "MaxValue": "10" } } ]
            """))["UserPool"]!;
        var schema = pool["SchemaAttributes"]!.AsArray();
        Expect.Contains("""{ "StringAttributeConstraints": { "MinLength": "2048", "MaxLength": "2048" } }""", schema.Single(a => a!["Name"].Str() == "custom:code"));
        Expect.Contains("""{ "NumberAttributeConstraints": { "MaxValue": "10" } }""", schema.Single(a => a!["Name"].Str() == "custom:rank"));
    }

    [Fact]
    public async Task AddCustomAttributes_applies_the_same_rules_and_names_the_existing_attribute()
    {
        var id = (await CreatePool("""[ { "Name": "banana", "AttributeDataType": "String", "DeveloperOnlyAttribute": true } ]"""))["UserPool"]!["Id"].Str();
        async Task<string> Add(string attribute) =>
            (await Expect.InvalidParameter(() => _aws.Idp("AddCustomAttributes", $$"""{ "UserPoolId": "{{id}}", "CustomAttributes": [ {{attribute}} ] }"""))).AwsMessage;

        Assert.Equal("Invalid AttributeDataType input, consider using the provided AttributeDataType enum.", await Add("""{ "Name": "plan" }"""));
        Assert.Equal("user.custom:plan: Max length cannot be less than min length.",
            await Add("""{ "Name": "plan", "AttributeDataType": "String", "StringAttributeConstraints": { "MinLength": "5", "MaxLength": "4" } }"""));
        Assert.Equal("user.custom:plan: String attributes cannot have a length of more than 2048",
            await Add("""{ "Name": "plan", "AttributeDataType": "String", "StringAttributeConstraints": { "MaxLength": "4096" } }"""));
        Assert.Equal("Invalid NumberAttributeConstraints for schema attribute custom:seats",
            await Add("""{ "Name": "seats", "AttributeDataType": "Number", "NumberAttributeConstraints": { "MaxValue": "many" } }"""));
        Assert.Equal("custom:banana: Existing attribute already has name dev:custom:banana.",
            await Add("""{ "Name": "banana", "AttributeDataType": "String", "DeveloperOnlyAttribute": true }"""));
        Assert.Equal("custom:banana: Existing attribute already has name dev:custom:banana.",
            await Add("""{ "Name": "banana", "AttributeDataType": "String" }"""));
    }
}
