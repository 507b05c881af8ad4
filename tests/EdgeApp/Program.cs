using System.Net;
using EdgeApp;

// A small real backend for DaaS's edge: every endpoint answers with VERSION (set by the image's
// Dockerfile), so a test can tell which release served it. Listens on 0.0.0.0:8080; on SIGTERM it
// stops accepting, lets in-flight requests finish (up to 30 s) and closes its WebSockets.
var version = Environment.GetEnvironmentVariable("VERSION") ?? "unknown";

var builder = WebApplication.CreateSlimBuilder(args);
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.Listen(IPAddress.Any, 8080);
    kestrel.Limits.MaxRequestBodySize = null; // /upload takes bodies of any size, streamed
});
builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(30));
builder.Services.AddSingleton(new WebSocketEcho(version));

var app = builder.Build();
app.UseWebSockets();
app.MapEdgeEndpoints(version);
app.Run();
