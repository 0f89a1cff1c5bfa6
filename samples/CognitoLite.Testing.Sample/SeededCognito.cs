namespace CognitoLite.Testing.Sample;

/// <summary>One CognitoLite server for a test class, created from seed.json: the pool and client ids are fixed.</summary>
public sealed class SeededCognito : CognitoLiteFixture
{
    protected override CognitoLiteServerOptions Options => new() { SeedFile = Path.Combine(AppContext.BaseDirectory, "seed.json") };
}
