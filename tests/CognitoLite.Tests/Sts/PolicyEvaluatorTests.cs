using CognitoLite.Core;
using CognitoLite.Core.Credentials;

namespace CognitoLite.Tests.Sts;

/// <summary>IAM policy evaluation, statement by statement: effects, wildcards, every condition operator, variables.</summary>
public sealed class PolicyEvaluatorTests
{
    private const string Sub = "us-east-1:11111111-2222-3333-4444-555555555555";

    private static readonly Dictionary<string, IReadOnlyList<string>> Session = new(StringComparer.OrdinalIgnoreCase)
    {
        ["cognito-identity.amazonaws.com:sub"] = [Sub],
        ["cognito-identity.amazonaws.com:aud"] = ["us-east-1:pool"],
        ["cognito-identity.amazonaws.com:amr"] = ["authenticated", "cognito-idp.us-east-1.amazonaws.com/us-east-1_Example01"],
        ["aws:PrincipalTag/team"] = ["blue"],
        ["aws:CurrentTime"] = ["2026-06-01T12:00:00Z"],
    };

    private static Policy Policy(string statements, string version = "2012-10-17") =>
        Core.Credentials.Policy.Parse($$"""{"Version":"{{version}}","Statement":[{{statements}}]}""", "test", PolicyKind.Identity);

    private static PolicyDecision Decide(Policy policy, string action = "s3:GetObject", string resource = "arn:aws:s3:::bucket/key",
        params (string Key, string[] Values)[] context)
    {
        var keys = new Dictionary<string, IReadOnlyList<string>>(Session, StringComparer.OrdinalIgnoreCase);
        foreach (var (key, values) in context) keys[key] = values;
        return PolicyEvaluator.Evaluate([policy], new PolicyRequest(action, resource, keys));
    }

    private static bool Allows(string condition, params (string Key, string[] Values)[] context) =>
        Decide(Policy($$"""{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{{condition}}}"""), context: context).Allowed;

    [Fact]
    public void Nothing_allowed_is_an_implicit_deny()
    {
        var decision = Decide(Policy("""{"Effect":"Allow","Action":"s3:PutObject","Resource":"*"}"""));

        Assert.Equal(PolicyEffect.ImplicitDeny, decision.Effect);
        Assert.Null(decision.Statement);
    }

    [Fact]
    public void An_explicit_deny_wins_over_an_allow_and_is_reported()
    {
        var decision = Decide(Policy("""
            {"Sid":"All","Effect":"Allow","Action":"s3:*","Resource":"*"},
            {"Sid":"NoSecrets","Effect":"Deny","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/*"}
            """));

        Assert.Equal(PolicyEffect.ExplicitDeny, decision.Effect);
        Assert.Equal("NoSecrets", decision.Statement!.Sid);
        Assert.Equal(1, decision.Statement.Index);
        Assert.Equal("test", decision.PolicyName);
    }

    [Theory]
    [InlineData("s3:GetObject", "s3:GetObject", true)]
    [InlineData("s3:*", "s3:GetObject", true)]
    [InlineData("S3:getobject", "s3:GetObject", true)]
    [InlineData("s3:Get*", "s3:GetObjectAcl", true)]
    [InlineData("s3:Get?bject", "s3:GetObject", true)]
    [InlineData("s3:Put*", "s3:GetObject", false)]
    [InlineData("*", "dynamodb:Query", true)]
    public void Actions_match_case_insensitively_with_wildcards(string pattern, string action, bool allowed)
    {
        Assert.Equal(allowed, Decide(Policy($$"""{"Effect":"Allow","Action":"{{pattern}}","Resource":"*"}"""), action).Allowed);
    }

    [Theory]
    [InlineData("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/a/b", true)]
    [InlineData("arn:aws:s3:::bucket/?", "arn:aws:s3:::bucket/a", true)]
    [InlineData("arn:aws:s3:::bucket/?", "arn:aws:s3:::bucket/ab", false)]
    [InlineData("arn:aws:s3:::Bucket/*", "arn:aws:s3:::bucket/a", false)]
    [InlineData("arn:aws:s3:::*/a*b*c", "arn:aws:s3:::x/aXbYYc", true)]
    public void Resources_match_case_sensitively_with_wildcards(string pattern, string resource, bool allowed)
    {
        Assert.Equal(allowed, Decide(Policy($$"""{"Effect":"Allow","Action":"s3:*","Resource":"{{pattern}}"}"""), resource: resource).Allowed);
    }

    [Fact]
    public void NotAction_and_NotResource_apply_to_everything_else()
    {
        var policy = Policy("""{"Effect":"Allow","NotAction":"s3:DeleteObject","NotResource":"arn:aws:s3:::private/*"}""");

        Assert.True(Decide(policy, "s3:GetObject", "arn:aws:s3:::public/x").Allowed);
        Assert.False(Decide(policy, "s3:DeleteObject", "arn:aws:s3:::public/x").Allowed);
        Assert.False(Decide(policy, "s3:GetObject", "arn:aws:s3:::private/x").Allowed);
    }

    [Fact]
    public void Variables_in_resources_take_the_sessions_values()
    {
        var policy = Policy("""{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::bucket/private/${cognito-identity.amazonaws.com:sub}/*"}""");

        Assert.True(Decide(policy, resource: $"arn:aws:s3:::bucket/private/{Sub}/photo.jpg").Allowed);
        Assert.False(Decide(policy, resource: "arn:aws:s3:::bucket/private/us-east-1:someone-else/photo.jpg").Allowed);
    }

    [Fact]
    public void Variables_are_literal_text_in_2008_policies()
    {
        var policy = Policy("""{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::bucket/${aws:PrincipalTag/team}"}""", "2008-10-17");

        Assert.False(Decide(policy, resource: "arn:aws:s3:::bucket/blue").Allowed);
        Assert.True(Decide(policy, resource: "arn:aws:s3:::bucket/${aws:PrincipalTag/team}").Allowed);
    }

    [Fact]
    public void Unknown_or_multi_valued_variables_fail_closed()
    {
        Assert.False(Decide(Policy("""{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::bucket/${aws:username}/*"}"""),
            resource: "arn:aws:s3:::bucket//x").Allowed);
        Assert.False(Decide(Policy("""{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::bucket/${cognito-identity.amazonaws.com:amr}"}"""),
            resource: "arn:aws:s3:::bucket/authenticated").Allowed);
        Assert.False(Allows("""{"StringEquals":{"s3:prefix":"${aws:PrincipalTag/missing}"}}""", ("s3:prefix", [""])));
    }

    [Fact]
    public void A_variables_value_is_literal_even_when_it_holds_wildcards()
    {
        var policy = Policy("""{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::bucket/${aws:PrincipalTag/team}/*"}""");
        var keys = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase) { ["aws:PrincipalTag/team"] = ["*"] };

        Assert.False(PolicyEvaluator.Evaluate([policy], new PolicyRequest("s3:GetObject", "arn:aws:s3:::bucket/blue/x", keys)).Allowed);
        Assert.True(PolicyEvaluator.Evaluate([policy], new PolicyRequest("s3:GetObject", "arn:aws:s3:::bucket/*/x", keys)).Allowed);
    }

    [Fact]
    public void Escaped_characters_are_literal()
    {
        Assert.True(Allows("""{"StringLike":{"s3:prefix":"a${*}b"}}""", ("s3:prefix", ["a*b"])));
        Assert.False(Allows("""{"StringLike":{"s3:prefix":"a${*}b"}}""", ("s3:prefix", ["axxb"])));
    }

    [Theory]
    [InlineData("""{"StringEquals":{"s3:prefix":"home"}}""", "home", true)]
    [InlineData("""{"StringEquals":{"s3:prefix":["a","home"]}}""", "home", true)]
    [InlineData("""{"StringEquals":{"s3:prefix":"Home"}}""", "home", false)]
    [InlineData("""{"StringNotEquals":{"s3:prefix":"home"}}""", "home", false)]
    [InlineData("""{"StringNotEquals":{"s3:prefix":["a","b"]}}""", "home", true)]
    [InlineData("""{"StringEqualsIgnoreCase":{"s3:prefix":"HOME"}}""", "home", true)]
    [InlineData("""{"StringNotEqualsIgnoreCase":{"s3:prefix":"HOME"}}""", "home", false)]
    [InlineData("""{"StringLike":{"s3:prefix":"ho*"}}""", "home", true)]
    [InlineData("""{"StringLike":{"s3:prefix":"h?me"}}""", "home", true)]
    [InlineData("""{"StringNotLike":{"s3:prefix":"ho*"}}""", "home", false)]
    [InlineData("""{"StringNotLike":{"s3:prefix":"x*"}}""", "home", true)]
    [InlineData("""{"NumericEquals":{"s3:prefix":"10"}}""", "10.0", true)]
    [InlineData("""{"NumericNotEquals":{"s3:prefix":"10"}}""", "10", false)]
    [InlineData("""{"NumericLessThan":{"s3:prefix":"10"}}""", "9", true)]
    [InlineData("""{"NumericLessThanEquals":{"s3:prefix":"10"}}""", "10", true)]
    [InlineData("""{"NumericGreaterThan":{"s3:prefix":10}}""", "10", false)]
    [InlineData("""{"NumericGreaterThanEquals":{"s3:prefix":"10"}}""", "11", true)]
    [InlineData("""{"NumericLessThan":{"s3:prefix":"10"}}""", "ten", false)]
    [InlineData("""{"DateLessThan":{"s3:prefix":"2027-01-01T00:00:00Z"}}""", "2026-06-01T12:00:00Z", true)]
    [InlineData("""{"DateGreaterThan":{"s3:prefix":"2027-01-01T00:00:00Z"}}""", "2026-06-01T12:00:00Z", false)]
    [InlineData("""{"DateGreaterThanEquals":{"s3:prefix":"1780315200"}}""", "2026-06-01T12:00:00Z", true)]
    [InlineData("""{"DateEquals":{"s3:prefix":"2026-06-01T12:00:00Z"}}""", "1780315200", true)]
    [InlineData("""{"Bool":{"s3:prefix":"true"}}""", "true", true)]
    [InlineData("""{"Bool":{"s3:prefix":true}}""", "false", false)]
    [InlineData("""{"ArnLike":{"s3:prefix":"arn:aws:s3:::b/*"}}""", "arn:aws:s3:::b/x", true)]
    [InlineData("""{"ArnNotLike":{"s3:prefix":"arn:aws:s3:::b/*"}}""", "arn:aws:s3:::b/x", false)]
    [InlineData("""{"ArnEquals":{"s3:prefix":"arn:aws:s3:::b"}}""", "arn:aws:s3:::b", true)]
    public void Condition_operators_compare_as_IAM_does(string condition, string value, bool allowed)
    {
        Assert.Equal(allowed, Allows(condition, ("s3:prefix", [value])));
    }

    [Fact]
    public void Condition_keys_are_case_insensitive()
    {
        Assert.True(Allows("""{"StringEquals":{"AWS:principaltag/TEAM":"blue"}}"""));
    }

    [Fact]
    public void Every_operator_and_every_key_of_a_condition_must_hold()
    {
        const string condition = """{"StringEquals":{"aws:PrincipalTag/team":"blue","s3:prefix":"home"},"Bool":{"aws:SecureTransport":"true"}}""";

        Assert.True(Allows(condition, ("s3:prefix", ["home"]), ("aws:SecureTransport", ["true"])));
        Assert.False(Allows(condition, ("s3:prefix", ["home"]), ("aws:SecureTransport", ["false"])));
        Assert.False(Allows(condition, ("s3:prefix", ["work"]), ("aws:SecureTransport", ["true"])));
    }

    [Fact]
    public void An_absent_key_fails_positive_operators_and_passes_negated_ones_and_IfExists()
    {
        Assert.False(Allows("""{"StringEquals":{"s3:prefix":"home"}}"""));
        Assert.True(Allows("""{"StringNotEquals":{"s3:prefix":"home"}}"""));
        Assert.True(Allows("""{"StringEqualsIfExists":{"s3:prefix":"home"}}"""));
        Assert.False(Allows("""{"StringEqualsIfExists":{"s3:prefix":"home"}}""", ("s3:prefix", ["work"])));
    }

    [Fact]
    public void Null_tests_whether_a_key_is_present()
    {
        Assert.True(Allows("""{"Null":{"s3:prefix":"true"}}"""));
        Assert.False(Allows("""{"Null":{"s3:prefix":"true"}}""", ("s3:prefix", ["x"])));
        Assert.True(Allows("""{"Null":{"s3:prefix":"false"}}""", ("s3:prefix", ["x"])));
        Assert.False(Allows("""{"Null":{"s3:prefix":"false"}}"""));
    }

    [Fact]
    public void ForAllValues_needs_every_request_value_in_the_set_and_holds_for_no_values()
    {
        const string condition = """{"ForAllValues:StringEquals":{"dynamodb:Attributes":["id","title"]}}""";

        Assert.True(Allows(condition, ("dynamodb:Attributes", ["id", "title"])));
        Assert.True(Allows(condition, ("dynamodb:Attributes", ["title"])));
        Assert.False(Allows(condition, ("dynamodb:Attributes", ["title", "secret"])));
        Assert.True(Allows(condition));
    }

    [Fact]
    public void ForAnyValue_needs_one_request_value_in_the_set()
    {
        Assert.True(Allows("""{"ForAnyValue:StringEquals":{"cognito-identity.amazonaws.com:amr":"authenticated"}}"""));
        Assert.False(Allows("""{"ForAnyValue:StringEquals":{"cognito-identity.amazonaws.com:amr":"unauthenticated"}}"""));
        Assert.True(Allows("""{"ForAnyValue:StringLike":{"cognito-identity.amazonaws.com:amr":"cognito-idp.*"}}"""));
        Assert.False(Allows("""{"ForAnyValue:StringEquals":{"s3:prefix":"x"}}"""));
        Assert.True(Allows("""{"ForAllValues:StringLike":{"cognito-identity.amazonaws.com:amr":["authenticated","cognito-idp.*"]}}"""));
    }

    [Fact]
    public void The_DynamoDB_leading_keys_condition_allows_only_the_identitys_own_partition()
    {
        var policy = Policy("""
            {"Effect":"Allow","Action":"dynamodb:GetItem","Resource":"arn:aws:dynamodb:us-east-1:123456789012:table/Notes",
             "Condition":{"ForAllValues:StringEquals":{"dynamodb:LeadingKeys":["${cognito-identity.amazonaws.com:sub}"]}}}
            """);

        Assert.True(Decide(policy, "dynamodb:GetItem", "arn:aws:dynamodb:us-east-1:123456789012:table/Notes", ("dynamodb:LeadingKeys", [Sub])).Allowed);
        Assert.False(Decide(policy, "dynamodb:GetItem", "arn:aws:dynamodb:us-east-1:123456789012:table/Notes", ("dynamodb:LeadingKeys", ["us-east-1:other"])).Allowed);
        Assert.False(Decide(policy, "dynamodb:GetItem", "arn:aws:dynamodb:us-east-1:123456789012:table/Notes", ("dynamodb:LeadingKeys", [Sub, "us-east-1:other"])).Allowed);
    }

    [Fact]
    public void A_session_policy_narrows_the_roles_permissions()
    {
        var role = Policy("""{"Sid":"Everything","Effect":"Allow","Action":["s3:*","dynamodb:*"],"Resource":"*"}""");
        var session = Core.Credentials.Policy.Parse("""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}""",
            "session", PolicyKind.Identity);
        PolicyDecision Decide(string action) => PolicyEvaluator.EvaluateSession([role], session, new PolicyRequest(action, "arn:aws:s3:::b/k", Session));

        Assert.True(Decide("s3:GetObject").Allowed);
        Assert.Equal("Everything", Decide("s3:GetObject").Statement!.Sid);
        var narrowed = Decide("dynamodb:GetItem");
        Assert.Equal(PolicyEffect.ImplicitDeny, narrowed.Effect);
        Assert.Equal("session", narrowed.PolicyName);
        // A session policy cannot grant what the role does not.
        Assert.False(PolicyEvaluator.EvaluateSession([Policy("""{"Effect":"Allow","Action":"sqs:*","Resource":"*"}""")], session,
            new PolicyRequest("s3:GetObject", "arn:aws:s3:::b/k", Session)).Allowed);
    }

    [Fact]
    public void A_trust_policy_checks_the_federated_principal()
    {
        var trust = Core.Credentials.Policy.Parse("""
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"cognito-identity.amazonaws.com"},
             "Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"cognito-identity.amazonaws.com:aud":"us-east-1:pool"}}}]}
            """, "trust", PolicyKind.Trust);

        Assert.True(PolicyEvaluator.Evaluate([trust], new PolicyRequest("sts:AssumeRoleWithWebIdentity", "arn", Session, "cognito-identity.amazonaws.com")).Allowed);
        Assert.False(PolicyEvaluator.Evaluate([trust], new PolicyRequest("sts:AssumeRoleWithWebIdentity", "arn", Session, "accounts.google.com")).Allowed);
        Assert.False(PolicyEvaluator.Evaluate([trust], new PolicyRequest("sts:AssumeRole", "arn", Session, "cognito-identity.amazonaws.com")).Allowed);
    }

    [Theory]
    [InlineData("""{"Statement":[]}""")]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","Extra":1}]}""")]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"nocolon","Resource":"*"}]}""")]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Resource":"*"}]}""")]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","NotAction":"s3:x","Resource":"*"}]}""")]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"Bool":{"a:b":"maybe"}}}]}""")]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"NullIfExists":{"a:b":"true"}}}]}""")]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":{"a":1}}]}""")]
    [InlineData("""{"Version":"2012-10-17","Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}""")]
    [InlineData("[]")]
    public void Malformed_documents_are_refused(string json)
    {
        var error = Assert.Throws<CognitoException>(() => Core.Credentials.Policy.Parse(json, "bad", PolicyKind.Identity));

        Assert.Equal("MalformedPolicyDocument", error.Type);
    }

    [Fact]
    public void A_trust_policy_needs_a_principal()
    {
        var error = Assert.Throws<CognitoException>(() => Core.Credentials.Policy.Parse(
            """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRoleWithWebIdentity"}]}""", "trust", PolicyKind.Trust));

        Assert.Equal("MalformedPolicyDocument", error.Type);
    }
}
