namespace CognitoLite.Testing;

/// <summary>How a <see cref="CognitoLiteServer"/> starts; every member is optional.</summary>
public sealed record CognitoLiteServerOptions
{
    /// <summary>
    /// A seed file (the server's `--seed`): pools, app clients, groups and users with fixed ids, created at start and again
    /// by <see cref="CognitoLiteServer.ResetAsync"/>.
    /// </summary>
    public string? SeedFile { get; init; }

    /// <summary>The seed document as JSON text, instead of <see cref="SeedFile"/> (policy file paths in it are relative to a temporary folder: give them inline).</summary>
    public string? SeedJson { get; init; }

    /// <summary>A PostgreSQL database instead of a temporary SQLite file; give each server its own, as a reset wipes it.</summary>
    public string? PostgresConnectionString { get; init; }

    /// <summary>The region in new pool ids and ARNs.</summary>
    public string Region { get; init; } = "us-east-1";

    /// <summary>
    /// Any other server setting by its configuration key, e.g. `CognitoLite:Codes:SignUpValidity` = `01:00:00`; these win
    /// over the members above.
    /// </summary>
    public IReadOnlyDictionary<string, string?> Configuration { get; init; } = new Dictionary<string, string?>();
}
