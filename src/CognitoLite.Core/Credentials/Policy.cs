using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CognitoLite.Core.Credentials;

/// <summary>Identity policies (a role's permissions, a session policy) need Resource; a role's trust policy names a Principal instead.</summary>
public enum PolicyKind { Identity, Trust }

/// <summary>One condition: operator (e.g. StringLike), its set qualifier and IfExists suffix, the key and the policy's values.</summary>
public sealed record PolicyCondition(string Operator, string? Qualifier, bool IfExists, string Key, IReadOnlyList<string> Values);

/// <summary>A statement as written; Index is its position in the policy, what a decision reports next to the Sid.</summary>
public sealed record PolicyStatement(
    int Index,
    string? Sid,
    bool Allow,
    IReadOnlyList<string> Actions,
    bool NotAction,
    IReadOnlyList<string>? Resources,
    bool NotResource,
    IReadOnlyDictionary<string, IReadOnlyList<string>>? Principal,
    IReadOnlyList<PolicyCondition> Conditions);

/// <summary>
/// An IAM JSON policy document, parsed and checked once (MalformedPolicyDocument otherwise), ready for
/// <see cref="PolicyEvaluator"/>. Policy variables are substituted only in Version 2012-10-17 documents, as IAM does.
/// </summary>
public sealed record Policy(string Name, bool Variables, IReadOnlyList<PolicyStatement> Statements)
{
    public static readonly HashSet<string> Operators = new(StringComparer.Ordinal)
    {
        "StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike",
        "NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals",
        "DateEquals", "DateNotEquals", "DateLessThan", "DateLessThanEquals", "DateGreaterThan", "DateGreaterThanEquals",
        "Bool", "Null", "ArnEquals", "ArnNotEquals", "ArnLike", "ArnNotLike",
    };

    private const int MaxLength = 10240;

    public static Policy Parse(string json, string name, PolicyKind kind)
    {
        if (json.Length > MaxLength) throw Errors.MalformedPolicyDocument($"Policy {name} is longer than {MaxLength} characters.");
        JsonObject document;
        try
        {
            document = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false }) as JsonObject
                ?? throw Errors.MalformedPolicyDocument();
        }
        catch (JsonException)
        {
            throw Errors.MalformedPolicyDocument();
        }

        var version = document["Version"] is null ? "2008-10-17" : Text(document["Version"], "Version");
        if (version is not ("2012-10-17" or "2008-10-17"))
            throw Errors.MalformedPolicyDocument("The policy must contain a valid version string");
        foreach (var (member, _) in document)
            if (member is not ("Version" or "Id" or "Statement"))
                throw Errors.MalformedPolicyDocument($"Syntax errors in policy: unknown member {member}.");

        var statements = document["Statement"] switch
        {
            JsonArray array => array.ToList(),
            JsonObject single => [single],
            _ => throw Errors.MalformedPolicyDocument("Syntax errors in policy: Statement must be an object or an array."),
        };
        if (statements.Count == 0) throw Errors.MalformedPolicyDocument("Syntax errors in policy: Statement is empty.");
        return new Policy(name, version == "2012-10-17", statements.Select((s, i) => Statement(s as JsonObject, i, kind)).ToList());
    }

    private static PolicyStatement Statement(JsonObject? statement, int index, PolicyKind kind)
    {
        if (statement is null) throw Errors.MalformedPolicyDocument("Syntax errors in policy: each statement must be an object.");
        foreach (var (member, _) in statement)
            if (member is not ("Sid" or "Effect" or "Action" or "NotAction" or "Resource" or "NotResource" or "Principal" or "Condition"))
                throw Errors.MalformedPolicyDocument(member == "NotPrincipal"
                    ? "NotPrincipal is not supported."
                    : $"Syntax errors in policy: unknown member {member} in statement {index}.");

        var effect = Text(statement["Effect"], "Effect");
        if (effect is not ("Allow" or "Deny")) throw Errors.MalformedPolicyDocument($"Invalid effect: {effect}");

        if (statement["Action"] is not null && statement["NotAction"] is not null)
            throw Errors.MalformedPolicyDocument("Statement cannot contain both Action and NotAction.");
        var notAction = statement["NotAction"] is not null;
        var actions = Strings(statement[notAction ? "NotAction" : "Action"], "Action");
        if (actions.Count == 0) throw Errors.MalformedPolicyDocument("Policy statement must contain actions.");
        foreach (var action in actions)
            if (action != "*" && (action.Split(':') is not [{ Length: > 0 }, { Length: > 0 }]))
                throw Errors.MalformedPolicyDocument($"Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.: {action}");

        if (statement["Resource"] is not null && statement["NotResource"] is not null)
            throw Errors.MalformedPolicyDocument("Statement cannot contain both Resource and NotResource.");
        var notResource = statement["NotResource"] is not null;
        IReadOnlyList<string>? resources = statement[notResource ? "NotResource" : "Resource"] is { } resourceNode ? Strings(resourceNode, "Resource") : null;
        if (kind == PolicyKind.Identity && resources is not { Count: > 0 })
            throw Errors.MalformedPolicyDocument("Policy statement must contain resources.");

        IReadOnlyDictionary<string, IReadOnlyList<string>>? principal = null;
        if (statement["Principal"] is { } principalNode)
        {
            if (kind == PolicyKind.Identity) throw Errors.MalformedPolicyDocument("Policy document should not specify a principal.");
            principal = principalNode switch
            {
                JsonValue when Text(principalNode, "Principal") == "*" => new Dictionary<string, IReadOnlyList<string>> { ["AWS"] = ["*"] },
                JsonObject map => map.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)Strings(p.Value, "Principal"), StringComparer.Ordinal),
                _ => throw Errors.MalformedPolicyDocument("Invalid principal in policy."),
            };
        }
        else if (kind == PolicyKind.Trust)
        {
            throw Errors.MalformedPolicyDocument("Has prohibited field Resource or is missing Principal in a trust policy statement.");
        }

        return new PolicyStatement(index, statement["Sid"] is { } sid ? Text(sid, "Sid") : null, effect == "Allow",
            actions, notAction, resources, notResource, principal, Conditions(statement["Condition"]));
    }

    private static List<PolicyCondition> Conditions(JsonNode? node)
    {
        if (node is null) return [];
        if (node is not JsonObject operators) throw Errors.MalformedPolicyDocument("Syntax errors in policy: Condition must be an object.");
        var conditions = new List<PolicyCondition>();
        foreach (var (written, keys) in operators)
        {
            var name = written;
            string? qualifier = null;
            if (name.Split(':') is [var set, var rest] && set is "ForAllValues" or "ForAnyValue") (qualifier, name) = (set, rest);
            var ifExists = name.EndsWith("IfExists", StringComparison.Ordinal) && name != "IfExists";
            if (ifExists) name = name[..^"IfExists".Length];
            if (!Operators.Contains(name) || (ifExists && name == "Null"))
                throw Errors.MalformedPolicyDocument($"Invalid Condition type : {written}");
            if (keys is not JsonObject keyValues || keyValues.Count == 0)
                throw Errors.MalformedPolicyDocument($"Syntax errors in policy: {written} must map condition keys to values.");
            foreach (var (key, values) in keyValues)
            {
                var list = Strings(values, key);
                if (list.Count == 0) throw Errors.MalformedPolicyDocument($"Syntax errors in policy: condition key {key} has no values.");
                if (name == "Null" || name == "Bool")
                    foreach (var value in list)
                        if (!bool.TryParse(value, out _)) throw Errors.MalformedPolicyDocument($"Syntax errors in policy: {written} needs true or false, not '{value}'.");
                conditions.Add(new PolicyCondition(name, qualifier, ifExists, key, list));
            }
        }
        return conditions;
    }

    /// <summary>A string or an array of strings; condition values may also be numbers or booleans, which IAM reads as text.</summary>
    private static List<string> Strings(JsonNode? node, string member) => node switch
    {
        JsonArray array => array.Select(item => Scalar(item, member)).ToList(),
        _ => [Scalar(node, member)],
    };

    private static string Scalar(JsonNode? node, string member) => node is JsonValue value
        ? value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Number => value.ToJsonString(),
            _ => throw Errors.MalformedPolicyDocument($"Syntax errors in policy: {member} must be text."),
        }
        : throw Errors.MalformedPolicyDocument($"Syntax errors in policy: {member} must be text or a list of text.");

    private static string Text(JsonNode? node, string member) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String
            ? value.GetValue<string>()
            : throw Errors.MalformedPolicyDocument($"Syntax errors in policy: {member} must be a string.");

    /// <summary>For messages: the statement's Sid, or its index.</summary>
    public static string Describe(PolicyStatement statement) =>
        statement.Sid ?? "#" + statement.Index.ToString(CultureInfo.InvariantCulture);
}
