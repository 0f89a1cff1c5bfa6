using CognitoLite.Server;

return await CognitoLiteApp.RunAsync(args);

/// <summary>The entry point's class, named so that tests can host it (WebApplicationFactory&lt;Program&gt;).</summary>
public partial class Program;
