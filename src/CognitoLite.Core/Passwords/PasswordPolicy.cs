using CognitoLite.Core.Storage;

namespace CognitoLite.Core.Passwords;

/// <summary>Checks a password against a pool's PasswordPolicy with Cognito's messages (spec/user-pools.md §7).</summary>
public static class PasswordPolicy
{
    public const string Symbols = "^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+- ";

    public static void Check(StoredPasswordPolicyType policy, string password)
    {
        if (password.Length > 256 || password.Length == 0 || char.IsWhiteSpace(password[0]) || char.IsWhiteSpace(password[^1]))
            throw Errors.InvalidPassword("Password does not conform to policy: Password must not be empty, longer than 256 characters, or start or end with whitespace.");
        if (password.Length < (policy.MinimumLength ?? 8))
            throw Errors.InvalidPassword("Password did not conform with policy: Password not long enough");
        if (policy.RequireLowercase == true && !password.Any(char.IsAsciiLetterLower))
            throw Errors.InvalidPassword("Password did not conform with policy: Password must have lowercase characters");
        if (policy.RequireUppercase == true && !password.Any(char.IsAsciiLetterUpper))
            throw Errors.InvalidPassword("Password did not conform with policy: Password must have uppercase characters");
        if (policy.RequireNumbers == true && !password.Any(char.IsAsciiDigit))
            throw Errors.InvalidPassword("Password did not conform with policy: Password must have numeric characters");
        if (policy.RequireSymbols == true && !password.Any(c => Symbols.Contains(c, StringComparison.Ordinal)))
            throw Errors.InvalidPassword("Password did not conform with policy: Password must have symbol characters");
    }
}
