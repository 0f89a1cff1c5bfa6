using Microsoft.EntityFrameworkCore;

namespace CognitoLite.Core.Storage;

internal static class DbErrors
{
    /// <summary>A unique index refused the write: someone else got there first.</summary>
    public static bool IsUniqueViolation(this DbUpdateException error) => error.InnerException switch
    {
        Npgsql.PostgresException pg => pg.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation,
        Microsoft.Data.Sqlite.SqliteException sqlite => sqlite.SqliteErrorCode == 19 && sqlite.SqliteExtendedErrorCode is 2067 or 1555,
        _ => false,
    };

    /// <summary>A unique index ending in this column of the Users table refused the write (which name or alias was taken).</summary>
    public static bool IsUniqueViolationOnUsers(this DbUpdateException error, string column) => error.IsUniqueViolation() && error.InnerException switch
    {
        Npgsql.PostgresException pg => pg.ConstraintName == $"IX_Users_UserPoolId_{column}",
        Microsoft.Data.Sqlite.SqliteException sqlite => sqlite.Message.Contains($"Users.{column}'", StringComparison.Ordinal),
        _ => false,
    };
}
