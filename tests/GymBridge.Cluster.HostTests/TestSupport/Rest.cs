using System.Text;

namespace GymBridge.Cluster.HostTests.TestSupport;

/// <summary>JSON over HttpClient for the cluster tests: a request's status and body, and the few calls they repeat.</summary>
public static class Rest
{
    public static async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(this HttpClient client, HttpMethod method, string path, string? json = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        var isJson = response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.Ordinal) ?? false;
        return (response.StatusCode, text.Length > 0 && isJson ? JsonNode.Parse(text) : null);
    }

    /// <summary>Sends and asserts 200; returns the body.</summary>
    public static async Task<JsonNode> OkAsync(this HttpClient client, HttpMethod method, string path, string? json = null)
    {
        var (status, body) = await client.SendAsync(method, path, json);
        Assert.True(status == HttpStatusCode.OK, $"{method} {path} answered {(int)status}: {body?.ToJsonString()}");
        return body!;
    }

    public static async Task<string> CreateAsync(this HttpClient client, string envId = "CartPole-v1")
    {
        var body = await client.OkAsync(HttpMethod.Post, "v1/envs/", $"{{\"env_id\": \"{envId}\"}}");
        return (string)body["instance_id"]!;
    }

    /// <summary>Asserts an error answer: its status and its kind.</summary>
    public static void AssertError((HttpStatusCode Status, JsonNode? Body) response, HttpStatusCode status, string kind)
    {
        Assert.True(response.Status == status, $"expected {(int)status} {kind}, got {(int)response.Status}: {response.Body?.ToJsonString()}");
        Assert.Equal(kind, (string?)response.Body?["kind"]);
    }
}
