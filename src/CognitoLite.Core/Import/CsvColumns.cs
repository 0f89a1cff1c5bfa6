using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using CognitoLite.Core.Storage;
using CognitoLite.Core.Users;
using CsvHelper;

namespace CognitoLite.Core.Import;

/// <summary>A data row of an import CSV: the user it makes, or why it makes none.</summary>
internal readonly record struct CsvRow(long Line, User? User, string? Failure);

/// <summary>
/// The columns of a pool's import CSV and the user each row describes, by the dev guide's rules: every column of
/// <see cref="Header"/> present in any order, values unquoted (`\,` for a comma) and trimmed, cognito:username without
/// whitespace, cognito:mfa_enabled TRUE or FALSE as the pool's MFA allows, birthdate mm/dd/yyyy, and at least one of the
/// pool's auto-verified attributes verified. Failures name columns, never values.
/// </summary>
internal sealed partial class CsvColumns
{
    public const string Username = "cognito:username";
    public const string MfaEnabled = "cognito:mfa_enabled";
    public const int MaxRowLength = 16_000;

    private readonly UserPool _pool;
    private readonly int _username;
    private readonly int _mfaEnabled;
    private readonly (int Index, string Name)[] _attributes;
    private readonly int _fieldCount;

    private CsvColumns(UserPool pool, IReadOnlyList<string> header)
    {
        _pool = pool;
        _fieldCount = header.Count;
        _username = Index(header, Username);
        _mfaEnabled = Index(header, MfaEnabled);
        _attributes = header.Select((name, index) => (index, name)).Where(c => c.name is not (Username or MfaEnabled)).ToArray();
    }

    /// <summary>GetCSVHeader: the pool's attributes in schema order (custom ones after the standard ones), then Cognito's two columns.</summary>
    public static List<string> Header(UserPool pool) =>
        [.. pool.Settings.SchemaAttributes.Select(a => a.Name!).Where(name => name != "sub"), MfaEnabled, Username];

    /// <summary>The columns of a file whose header is the pool's, in any order; otherwise null, and why the file cannot be imported.</summary>
    public static CsvColumns? For(UserPool pool, IReadOnlyList<string> header, out string? problem)
    {
        var expected = Header(pool);
        var duplicated = header.GroupBy(h => h, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        var missing = expected.Except(header, StringComparer.Ordinal).ToList();
        var unknown = header.Except(expected, StringComparer.Ordinal).ToList();
        problem = duplicated.Count > 0 ? $"The CSV header repeats the columns {string.Join(", ", duplicated)}."
            : missing.Count > 0 ? $"The CSV header lacks the columns {string.Join(", ", missing)}."
            : unknown.Count > 0 ? $"The CSV header has columns the user pool does not have: {string.Join(", ", unknown)}."
            : null;
        return problem is null ? new CsvColumns(pool, header) : null;
    }

    /// <summary>The current row of the reader as a new RESET_REQUIRED user, not yet stored.</summary>
    public CsvRow Read(CsvReader reader, DateTime now)
    {
        var line = reader.LineNumber;
        // A UTF-8 byte is at most one character: only a long record needs counting.
        if (reader.RawRecord.Length > MaxRowLength && Encoding.UTF8.GetCharCount(reader.RawRecord) > MaxRowLength)
            return new(line, null, $"The line is longer than {MaxRowLength} characters.");
        if (reader.FieldCount != _fieldCount)
            return new(line, null, $"The line has {reader.FieldCount} fields; the header has {_fieldCount}.");

        var typedUsername = reader.GetString(_username) ?? "";
        if (typedUsername.Length == 0) return new(line, null, $"{Username} is empty.");
        if (typedUsername.Length > 128 || !UsernamePattern().IsMatch(typedUsername))
            return new(line, null, $"{Username} must be 1 to 128 characters without spaces or tabs.");
        if (!bool.TryParse(reader.GetString(_mfaEnabled), out var mfaEnabled))
            return new(line, null, $"{MfaEnabled} must be TRUE or FALSE.");
        if (_pool.Settings.MfaConfiguration == "ON" && !mfaEnabled)
            return new(line, null, $"{MfaEnabled} must be TRUE: the user pool requires MFA.");
        if (_pool.Settings.MfaConfiguration == "OFF" && mfaEnabled)
            return new(line, null, $"{MfaEnabled} must be FALSE: the user pool has MFA off.");

        var given = new List<AttributeType>();
        foreach (var (index, name) in _attributes)
        {
            if (reader.GetString(index) is not { Length: > 0 } value) continue;
            if (name == "birthdate" && DateTime.TryParseExact(value, "MM/dd/yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out var birthdate))
                value = birthdate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            given.Add(new AttributeType { Name = name, Value = value });
        }
        try
        {
            var attributes = AttributeRules.Check(_pool, client: null, given, creating: true);
            AttributeRules.CheckRequired(_pool, attributes);
            if (Unverifiable(attributes) is { } reason) return new(line, null, reason);
            var sub = Guid.NewGuid();
            var user = UserService.NewUser(_pool, UserService.CanonicalUsername(_pool, typedUsername, attributes, sub), sub, UserStatus.ResetRequired, attributes, now);
            // The legacy per-user switch: SMS MFA, as MFAOptions and user migration turn it on, where there is a phone to text.
            user.SmsMfaEnabled = mfaEnabled && attributes.ContainsKey("phone_number");
            UserDirectory.RefreshLookups(_pool, user);
            return new(line, user, null);
        }
        catch (CognitoException refused)
        {
            return new(line, null, refused.Message.TrimEnd('\n'));
        }
    }

    /// <summary>
    /// Why the user could not reset a password: an address must back each verified flag, and one of the pool's
    /// auto-verified attributes must be verified, where the reset code goes.
    /// </summary>
    private string? Unverifiable(Dictionary<string, string> attributes)
    {
        foreach (var address in new[] { "email", "phone_number" })
            if (attributes.GetValueOrDefault(address + "_verified") == "true" && !attributes.ContainsKey(address))
                return $"{address}_verified is TRUE but {address} is empty.";
        var autoVerified = _pool.Settings.AutoVerifiedAttributes ?? [];
        return autoVerified.Any(a => attributes.GetValueOrDefault(a + "_verified") == "true")
            ? null
            : $"The user does not set any of the pool's auto-verified attributes ({string.Join(", ", autoVerified.Select(a => a + "_verified"))}) to TRUE.";
    }

    private static int Index(IReadOnlyList<string> header, string name)
    {
        for (var i = 0; i < header.Count; i++)
            if (header[i] == name) return i;
        return -1;
    }

    [GeneratedRegex(@"^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$")]
    private static partial Regex UsernamePattern();
}
