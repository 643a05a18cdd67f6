using GymBridge.Server.Hosting;

// GymBridge REST and WebSocket host: dotnet run -c Release --project src/GymBridge.Server -- --urls http://127.0.0.1:5000
return await ServerApp.RunAsync(args).ConfigureAwait(false);
