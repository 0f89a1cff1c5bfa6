using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;

namespace CognitoLite.Core.Api;

/// <summary>
/// Checks a deserialised request against the constraints declared on its members, as the AWS front end
/// does before the service sees the call, and throws the service's error (InvalidParameterException, or cognito-identity's ValidationException) with AWS's wording.
/// </summary>
public static class ApiValidator
{
    private sealed record Member(PropertyInfo Property, string WireName, Attribute[] Constraints, bool Nested, bool Sensitive);

    private static readonly ConcurrentDictionary<Type, Member[]> Members = new();
    private static readonly ConcurrentDictionary<string, Regex> Patterns = new();

    /// <param name="failure">The service's error for a broken constraint: InvalidParameterException unless given.</param>
    public static void Validate(object request, Func<string, CognitoException>? failure = null)
    {
        var failures = new List<string>();
        Walk(request, "", failures);
        if (failures.Count == 0) return;
        var count = failures.Count == 1 ? "1 validation error detected: " : $"{failures.Count} validation errors detected: ";
        var message = count + string.Join("; ", failures);
        throw (failure ?? Errors.InvalidParameter)(message);
    }

    private static void Walk(object value, string prefix, List<string> failures)
    {
        foreach (var member in MembersOf(value.GetType()))
        {
            var memberValue = member.Property.GetValue(value);
            var path = prefix + member.WireName;
            var isList = memberValue is IEnumerable and not string;
            var elementRules = new List<string>();
            var elementFailed = false;
            foreach (var constraint in member.Constraints)
            {
                if (isList && constraint is ElementLengthAttribute or PatternAttribute or OneOfAttribute)
                    elementFailed |= ElementRule(constraint, memberValue!, elementRules);
                else
                    Check(constraint, memberValue, path, member.Sensitive, failures);
            }
            // AWS checks each element of a list (or value of a map) against the element shape's constraints and, when one
            // fails, reports the whole list once with every element constraint: "Member must satisfy constraint: [...]".
            if (elementFailed)
                failures.Add($"Value {Show(memberValue!, member.Sensitive)}at '{path}' failed to satisfy constraint: Member must satisfy constraint: [{string.Join(", ", elementRules)}]");
            if (memberValue is null || !member.Nested) continue;
            // Every element of a list and every value of a map is a member that must not be null, as in AWS's model:
            // one rule here, so no operation meets a null it did not expect.
            if (memberValue is IDictionary map)
            {
                foreach (DictionaryEntry entry in map)
                {
                    if (entry.Value is null) failures.Add($"Value null at '{path}.{entry.Key}.member' failed to satisfy constraint: Member must not be null");
                    else if (IsModel(entry.Value.GetType())) Walk(entry.Value, $"{path}.{entry.Key}.member.", failures);
                }
            }
            else if (memberValue is IEnumerable list and not string)
            {
                var i = 0;
                foreach (var item in list)
                {
                    i++;
                    if (item is null) failures.Add($"Value null at '{path}.{i}.member' failed to satisfy constraint: Member must not be null");
                    else if (IsModel(item.GetType())) Walk(item, $"{path}.{i}.member.", failures);
                }
            }
            else
            {
                Walk(memberValue, path + ".", failures);
            }
        }
    }

    /// <summary>
    /// Adds the element-level rules of a list or map member (element length, pattern, enum) to <paramref name="rules"/>,
    /// in AWS's wording; true when some element breaks one of them.
    /// </summary>
    private static bool ElementRule(Attribute constraint, object value, List<string> rules)
    {
        switch (constraint)
        {
            case ElementLengthAttribute element:
                rules.Add($"Member must have length less than or equal to {element.Max}");
                rules.Add($"Member must have length greater than or equal to {element.Min}");
                return Elements(value).Any(item => item.Length < element.Min || item.Length > element.Max);
            case PatternAttribute pattern:
                rules.Add($"Member must satisfy regular expression pattern: {pattern.Pattern}");
                var regex = Patterns.GetOrAdd(pattern.Pattern, p => new Regex($"^(?:{p})$", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(200)));
                return Elements(value).Any(item => !regex.IsMatch(item));
            case OneOfAttribute oneOf:
                rules.Add($"Member must satisfy enum value set: [{string.Join(", ", oneOf.Values)}]");
                return Elements(value).Any(item => !oneOf.Values.Contains(item));
            default:
                return false;
        }
    }

    private static string Show(object shown, bool sensitive) => sensitive ? "" : shown switch
    {
        string s => $"'{(s.Length > 256 ? s[..256] : s)}' ",
        IDictionary map => $"'{{{string.Join(", ", map.Cast<DictionaryEntry>().Select(e => $"{e.Key}={e.Value}"))}}}' ",
        IEnumerable e => $"'[{string.Join(", ", e.Cast<object>())}]' ",
        _ => $"'{shown}' ",
    };

    private static void Check(Attribute constraint, object? value, string path, bool sensitive, List<string> failures)
    {
        string Show(object shown) => ApiValidator.Show(shown, sensitive);
        switch (constraint)
        {
            case RequiredAttribute when value is null:
                failures.Add($"Value null at '{path}' failed to satisfy constraint: Member must not be null");
                break;
            case LengthAttribute length when value is not null:
                var size = value switch
                {
                    string s => s.Length,
                    ICollection c => c.Count,
                    _ => 0,
                };
                if (size < length.Min)
                    failures.Add($"Value {Show(value)}at '{path}' failed to satisfy constraint: Member must have length greater than or equal to {length.Min}");
                else if (size > length.Max)
                    failures.Add($"Value {Show(value)}at '{path}' failed to satisfy constraint: Member must have length less than or equal to {length.Max}");
                break;
            case PatternAttribute pattern when value is not null:
                var regex = Patterns.GetOrAdd(pattern.Pattern, p => new Regex($"^(?:{p})$", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(200)));
                foreach (var item in Elements(value))
                    if (!regex.IsMatch(item))
                    {
                        failures.Add($"Value {Show(value)}at '{path}' failed to satisfy constraint: Member must satisfy regular expression pattern: {pattern.Pattern}");
                        break;
                    }
                break;
            case RangeAttribute range when value is not null:
                var number = Convert.ToInt64(value, CultureInfo.InvariantCulture);
                if (number < range.Min)
                    failures.Add($"Value '{number}' at '{path}' failed to satisfy constraint: Member must have value greater than or equal to {range.Min}");
                else if (number > range.Max)
                    failures.Add($"Value '{number}' at '{path}' failed to satisfy constraint: Member must have value less than or equal to {range.Max}");
                break;
            case OneOfAttribute oneOf when value is not null:
                if (Elements(value).Any(item => !oneOf.Values.Contains(item)))
                    failures.Add($"Value {Show(value)}at '{path}' failed to satisfy constraint: Member must satisfy enum value set: [{string.Join(", ", oneOf.Values)}]");
                break;
        }
    }

    private static IEnumerable<string> Elements(object value) => value switch
    {
        string s => [s],
        IDictionary map => map.Values.OfType<string>(),
        IEnumerable list => list.OfType<string>(),
        _ => [],
    };

    private static Member[] MembersOf(Type type) => Members.GetOrAdd(type, t => t
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Select(p => new Member(
            p,
            char.ToLowerInvariant(p.Name[0]) + p.Name[1..],
            p.GetCustomAttributes(inherit: true).OfType<Attribute>()
                .Where(a => a is RequiredAttribute or LengthAttribute or PatternAttribute or RangeAttribute or OneOfAttribute or ElementLengthAttribute)
                .ToArray(),
            IsModel(p.PropertyType) || IsCollection(p.PropertyType),
            p.IsDefined(typeof(SensitiveAttribute))))
        .Where(m => m.Constraints.Length > 0 || m.Nested)
        .ToArray());

    private static bool IsModel(Type type) =>
        type.IsClass && type != typeof(string) && type.Namespace?.StartsWith("CognitoLite.Core", StringComparison.Ordinal) == true;

    private static bool IsCollection(Type type) => type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type);
}
