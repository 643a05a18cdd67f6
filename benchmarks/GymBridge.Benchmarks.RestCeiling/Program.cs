using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Text;

// What any ASP.NET Core host must do for a REST step and nothing more: Kestrel, routing, the body read to its end,
// a reply of CartPole's JSON shape. The replies are canned (no env, no worker); every 22nd step of an env ends its
// episode, about as often as CartPole's random episodes end, so clients reset as often as against the real host.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
{
    builder.WebHost.UseUrls("http://127.0.0.1:5081");
}

var app = builder.Build();
var steps = new ConcurrentDictionary<string, StrongBox<int>>();
var created = 0;
byte[] Json(string text) => Encoding.UTF8.GetBytes(text);
var running = Json("""{"observation":[0.0273,-0.1959,0.0380,0.3213],"reward":1.0,"terminated":false,"truncated":false,"done":false,"info":{}}""");
var ended = Json("""{"observation":[0.1712,0.7731,-0.2149,-1.3374],"reward":1.0,"terminated":true,"truncated":false,"done":true,"info":{}}""");
var reset = Json("""{"observation":[0.0273,-0.0062,0.0307,0.0437],"info":{}}""");

app.MapPost("/v1/envs", async context =>
{
    await DrainAsync(context.Request.BodyReader).ConfigureAwait(false);
    var id = Interlocked.Increment(ref created).ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
    steps[id] = new StrongBox<int>();
    await WriteAsync(context, Json($$"""{"instance_id":"{{id}}"}""")).ConfigureAwait(false);
});
app.MapPost("/v1/envs/{id}/reset", async context =>
{
    await DrainAsync(context.Request.BodyReader).ConfigureAwait(false);
    if (Counter(context) is { } counter)
    {
        counter.Value = 0;
    }

    await WriteAsync(context, reset).ConfigureAwait(false);
});
app.MapPost("/v1/envs/{id}/step", async context =>
{
    await DrainAsync(context.Request.BodyReader).ConfigureAwait(false);
    var counter = Counter(context);
    await WriteAsync(context, counter is not null && ++counter.Value % 22 == 0 ? ended : running).ConfigureAwait(false);
});
app.MapDelete("/v1/envs/{id}", context =>
{
    steps.TryRemove((string)context.Request.RouteValues["id"]!, out _);
    return WriteAsync(context, Json("""{"message":"Environment closed and deleted."}"""));
});
app.Run();

StrongBox<int>? Counter(HttpContext context) =>
    steps.TryGetValue((string)context.Request.RouteValues["id"]!, out var counter) ? counter : null;

static async Task DrainAsync(PipeReader reader)
{
    while (true)
    {
        var result = await reader.ReadAsync().ConfigureAwait(false);
        reader.AdvanceTo(result.Buffer.End);
        if (result.IsCompleted)
        {
            return;
        }
    }
}

static Task WriteAsync(HttpContext context, byte[] body)
{
    context.Response.ContentType = "application/json; charset=utf-8";
    context.Response.ContentLength = body.Length;
    return context.Response.Body.WriteAsync(body, 0, body.Length);
}
