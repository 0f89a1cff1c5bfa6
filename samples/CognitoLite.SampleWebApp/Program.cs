using CognitoLite.SampleWebApp;

var builder = WebApplication.CreateBuilder(args);
builder.AddCognitoSignIn();
var app = builder.Build();
app.MapSamplePages();
app.Run();
