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
}
