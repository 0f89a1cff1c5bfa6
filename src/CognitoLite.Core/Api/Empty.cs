namespace CognitoLite.Core.Api;

/// <summary>The output of operations that return nothing: `{}` on the wire.</summary>
public sealed record Empty
{
    public static readonly Empty Value = new();
}
