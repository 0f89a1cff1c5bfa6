namespace CognitoLite.Core.UserPools;

/// <summary>The OIDC standard attributes every pool has, as DescribeUserPool lists them before any Schema changes.</summary>
public static class StandardAttributes
{
    private static SchemaAttributeType Text(string name, bool mutable = true, bool required = false, string min = "0", string max = "2048") =>
        new()
        {
            Name = name, AttributeDataType = "String", DeveloperOnlyAttribute = false, Mutable = mutable, Required = required,
            StringAttributeConstraints = new StringAttributeConstraintsType { MinLength = min, MaxLength = max },
        };

    private static SchemaAttributeType Flag(string name) =>
        new() { Name = name, AttributeDataType = "Boolean", DeveloperOnlyAttribute = false, Mutable = true, Required = false };

    public static IReadOnlyList<SchemaAttributeType> All { get; } =
    [
        Text("sub", mutable: false, required: true, min: "1"),
        Text("name"), Text("given_name"), Text("family_name"), Text("middle_name"), Text("nickname"),
        Text("preferred_username"), Text("profile"), Text("picture"), Text("website"), Text("email"),
        Flag("email_verified"),
        Text("gender"),
        Text("birthdate", min: "10", max: "10"),
        Text("zoneinfo"), Text("locale"), Text("phone_number"),
        Flag("phone_number_verified"),
        Text("address"),
        new SchemaAttributeType
        {
            Name = "updated_at", AttributeDataType = "Number", DeveloperOnlyAttribute = false, Mutable = true, Required = false,
            NumberAttributeConstraints = new NumberAttributeConstraintsType { MinValue = "0" },
        },
    ];

    public static bool IsStandard(string name) => All.Any(a => a.Name == name);
}
