using Xunit;

namespace CognitoLite.Testing;

/// <summary>
/// One <see cref="CognitoLiteServer"/> for a test class (<c>IClassFixture&lt;CognitoLiteFixture&gt;</c>) or a collection
/// (<c>ICollectionFixture</c>). To start it with options (a seed, settings), derive from it and override <see cref="Options"/>.
/// </summary>
public class CognitoLiteFixture : IAsyncLifetime
{
    private CognitoLiteServer? _server;

    /// <summary>The running server.</summary>
    public CognitoLiteServer Server => _server ?? throw new InvalidOperationException("The fixture has not started yet: xunit starts it before the first test.");

    /// <summary>What the server starts with; the defaults unless a derived fixture says otherwise.</summary>
    protected virtual CognitoLiteServerOptions Options => new();

    public async Task InitializeAsync() => _server = await CognitoLiteServer.StartAsync(Options);

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}
