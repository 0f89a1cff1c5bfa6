namespace CognitoLite.Core.Api;

// Constraints from the Cognito API model, declared on request members and checked by ApiValidator
// before any operation runs. Messages follow AWS's "1 validation error detected: ..." format.

[AttributeUsage(AttributeTargets.Property)]
public sealed class RequiredAttribute : Attribute;

/// <summary>String length, or element count of a list or map.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class LengthAttribute(int min, int max) : Attribute
{
    public int Min { get; } = min;
    public int Max { get; } = max;
}

/// <summary>A Java-style pattern that must match the whole value; on a list, every element.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class PatternAttribute(string pattern) : Attribute
{
    public string Pattern { get; } = pattern;
}

[AttributeUsage(AttributeTargets.Property)]
public sealed class RangeAttribute(long min, long max) : Attribute
{
    public long Min { get; } = min;
    public long Max { get; } = max;
}

/// <summary>An enum member: the value (or, on a list, every element) must be one of these.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class OneOfAttribute(params string[] values) : Attribute
{
    public IReadOnlyList<string> Values { get; } = values;
}

/// <summary>Length limits on each element of a list (or each value of a map).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ElementLengthAttribute(int min, int max) : Attribute
{
    public int Min { get; } = min;
    public int Max { get; } = max;
}

/// <summary>A secret member: validation messages never echo its value (AWS does the same for sensitive shapes).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SensitiveAttribute : Attribute;
