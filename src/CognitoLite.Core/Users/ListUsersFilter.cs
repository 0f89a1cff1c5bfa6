using System.Linq.Expressions;
using System.Text.RegularExpressions;
using CognitoLite.Core.Storage;

namespace CognitoLite.Core.Users;

/// <summary>
/// ListUsers' Filter grammar: `attribute = "value"` or `attribute ^= "value"` (prefix), one attribute,
/// quotes inside the value escaped with a backslash; exactly the attributes Cognito allows.
/// Each becomes a condition on an indexed column, never a scan in memory.
/// </summary>
public static partial class ListUsersFilter
{
    public static Expression<Func<User, bool>>? Parse(string? filter)
    {
        if (string.IsNullOrWhiteSpace(filter)) return null;
        var match = Grammar().Match(filter);
        if (!match.Success) throw Errors.InvalidParameter("Error while parsing filter.");
        var attribute = match.Groups["attr"].Value;
        var prefix = match.Groups["op"].Value == "^=";
        var value = Unescape().Replace(match.Groups["value"].Value, "$1");
        var upper = value + '\uffff';

        return attribute switch
        {
            "username" => prefix
                ? u => string.Compare(u.Username, value) >= 0 && string.Compare(u.Username, upper) < 0
                : u => u.Username == value,
            "email" => Column(u => u.Email, value, prefix),
            "phone_number" => Column(u => u.PhoneNumber, value, prefix),
            "name" => Column(u => u.Name, value, prefix),
            "given_name" => Column(u => u.GivenName, value, prefix),
            "family_name" => Column(u => u.FamilyName, value, prefix),
            "preferred_username" => Column(u => u.PreferredUsername, value, prefix),
            "cognito:user_status" => Status(value.ToUpperInvariant(), prefix),
            "status" when !prefix && value is "Enabled" or "Disabled" => Enabled(value == "Enabled"),
            "status" => throw Errors.InvalidParameter("Invalid value for status: must be \"Enabled\" or \"Disabled\"."),
            "sub" when !prefix && Guid.TryParse(value, out var sub) => u => u.Sub == sub,
            "sub" => u => false,
            _ => throw Errors.InvalidParameter($"Invalid search attribute: {attribute}"),
        };
    }

    private static Expression<Func<User, bool>> Column(Expression<Func<User, string?>> column, string value, bool prefix)
    {
        // The values are read from an object, as a lambda reads its captured variables, so that EF sends them as
        // parameters: one cached query per column and operator, not one compilation per value searched for.
        var bounds = Expression.Constant(new Bounds(value, value + '\uffff'));
        var lower = Expression.Property(bounds, nameof(Bounds.Value));
        var upper = Expression.Property(bounds, nameof(Bounds.Upper));
        var parameter = column.Parameters[0];
        var compare = typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string)])!;
        Expression body = prefix
            ? Expression.AndAlso(
                Expression.GreaterThanOrEqual(Expression.Call(compare, column.Body, lower), Expression.Constant(0)),
                Expression.LessThan(Expression.Call(compare, column.Body, upper), Expression.Constant(0)))
            : Expression.Equal(column.Body, lower);
        return Expression.Lambda<Func<User, bool>>(body, parameter);
    }

    private sealed record Bounds(string Value, string Upper);

    /// <summary>
    /// A comparison with a parameter, `"Enabled" = @enabled`, which both stores seek in their index: SQLite uses no index
    /// for `"Enabled"` or `NOT "Enabled"`, what EF makes of a constant.
    /// </summary>
    private static Expression<Func<User, bool>> Enabled(bool enabled) => u => u.Enabled == enabled;

    private static Expression<Func<User, bool>> Status(string value, bool prefix)
    {
        var upper = value + '\uffff';
        return prefix
            ? u => string.Compare(u.Status, value) >= 0 && string.Compare(u.Status, upper) < 0
            : u => u.Status == value;
    }

    [GeneratedRegex("""^\s*(?<attr>[\w:]+)\s*(?<op>\^?=)\s*"(?<value>(?:[^"\\]|\\.)*)"\s*$""")]
    private static partial Regex Grammar();

    [GeneratedRegex(@"\\(.)")]
    private static partial Regex Unescape();
}
