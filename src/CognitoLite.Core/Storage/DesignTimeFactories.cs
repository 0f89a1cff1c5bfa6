using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace CognitoLite.Core.Storage;

// Used only by `dotnet ef migrations add`: each provider has its own migration set (see README, "Changing the model").

internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteCognitoDbContext>
{
    public SqliteCognitoDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteCognitoDbContext>().UseSqlite("Data Source=design.db").Options);
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresCognitoDbContext>
{
    public PostgresCognitoDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresCognitoDbContext>().UseNpgsql("Host=localhost;Database=design").Options);
}
