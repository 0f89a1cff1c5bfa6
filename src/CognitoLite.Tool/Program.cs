return await CognitoLite.Server.CognitoLiteApp.RunAsync(args);
