using System.Globalization;
using System.Text.RegularExpressions;
using CognitoLite.Core.Storage;

namespace CognitoLite.Core.Users;

/// <summary>Checks user attributes against the pool's schema with Cognito's messages ("Attributes did not conform to the schema: ...").</summary>
public static partial class AttributeRules
{
    private const string Prefix = "Attributes did not conform to the schema: ";

    /// <summary>Validates attributes written by a client or an admin and returns them as a name → value map.</summary>
    public static Dictionary<string, string> Check(UserPool pool, AppClient? client, IEnumerable<AttributeType> given, bool creating)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var attribute in given)
        {
            var name = attribute.Name!;
            var value = attribute.Value ?? "";
            var schema = pool.Settings.SchemaAttributes.FirstOrDefault(a => a.Name == name)
                ?? pool.Settings.SchemaAttributes.FirstOrDefault(a => "dev:" + a.Name == name && a.DeveloperOnlyAttribute == true);
            if (schema is null) throw Errors.AttributeNotInSchema(name);
            if (name == "sub") throw Errors.InvalidParameter($"{Prefix}{name}: Attribute cannot be updated.\n");
            if (client is not null && schema.DeveloperOnlyAttribute == true)
                throw Errors.UnauthorizedAttributeWrite();
            if (client?.Settings.WriteAttributes is { Count: > 0 } writable && !writable.Contains(name))
                throw Errors.UnauthorizedAttributeWrite();
            if (!creating && schema.Mutable == false)
                throw Errors.InvalidParameter($"{Prefix}{name}: Attribute cannot be updated. (changing an immutable attribute)\n");
            // As on AWS, "True" and "FALSE" are booleans too; they are stored as "true" and "false".
            if (schema.AttributeDataType == "Boolean" && bool.TryParse(value, out var flag)) value = flag ? "true" : "false";
            if (!result.TryAdd(name, value))
                throw Errors.InvalidParameter($"{Prefix}{name}: Attribute was given more than once.\n");
            CheckValue(schema, name, value);
        }
        return result;
    }

    /// <summary>Every attribute the schema marks required must have a value.</summary>
    public static void CheckRequired(UserPool pool, IReadOnlyDictionary<string, string> attributes)
    {
        foreach (var required in pool.Settings.SchemaAttributes.Where(a => a.Required == true && a.Name != "sub"))
            if (!attributes.TryGetValue(required.Name!, out var value) || value.Length == 0)
                throw Errors.RequiredAttribute(required.Name!);
    }

    private static void CheckValue(StoredSchemaAttributeType schema, string name, string value)
    {
        switch (schema.AttributeDataType)
        {
            case "Boolean" when value is not ("true" or "false"):
                throw Errors.InvalidParameter($"{Prefix}{name}: Attribute value must be \"true\" or \"false\".\n");
            case "Number":
                if (!decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                    throw Errors.InvalidParameter($"{Prefix}{name}: Number attribute value must be a number.\n");
                if (decimal.TryParse(schema.NumberAttributeConstraints?.MinValue, CultureInfo.InvariantCulture, out var min) && number < min ||
                    decimal.TryParse(schema.NumberAttributeConstraints?.MaxValue, CultureInfo.InvariantCulture, out var max) && number > max)
                    throw Errors.InvalidParameter($"{Prefix}{name}: Number is out of the allowed range.\n");
                break;
            case "String" or null:
                var minLength = int.TryParse(schema.StringAttributeConstraints?.MinLength, CultureInfo.InvariantCulture, out var lo) ? lo : 0;
                var maxLength = int.TryParse(schema.StringAttributeConstraints?.MaxLength, CultureInfo.InvariantCulture, out var hi) ? hi : 2048;
                if (value.Length > maxLength) throw Errors.InvalidParameter($"{Prefix}{name}: String must be no longer than {maxLength} characters\n");
                if (value.Length < minLength && value.Length > 0) throw Errors.InvalidParameter($"{Prefix}{name}: String must be no shorter than {minLength} characters\n");
                break;
        }
        if (name == "email" && value.Length > 0 && !Email().IsMatch(value))
            throw Errors.InvalidParameter("Invalid email address format.");
        if (name == "phone_number" && value.Length > 0 && !Phone().IsMatch(value))
            throw Errors.InvalidParameter("Invalid phone number format.");
        if (name == "birthdate" && value.Length > 0 && !DateTime.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            throw Errors.InvalidParameter($"{Prefix}{name}: Birthdate must be in the format YYYY-MM-DD.\n");
    }

    public static bool IsEmail(string value) => Email().IsMatch(value);
    public static bool IsPhone(string value) => Phone().IsMatch(value);

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex Email();

    [GeneratedRegex(@"^\+[1-9][0-9]{4,14}$")]
    private static partial Regex Phone();
}
