using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GymBridge.Server.Tests.TestSupport;

/// <summary>Small JSON helpers over HttpClient for the REST tests.</summary>
public static class Api
{
    public static async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(this HttpClient client, HttpMethod method, string path, string? json = null, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8);
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        }

        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonNode? body = null;
        if (text.Length > 0 && (response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.Ordinal) ?? false))
        {
            body = JsonNode.Parse(text);
        }

        return (response.StatusCode, body);
    }

    public static Task<(HttpStatusCode Status, JsonNode? Body)> PostJsonAsync(this HttpClient client, string path, string? json = null) =>
        client.SendAsync(HttpMethod.Post, path, json);

    public static Task<(HttpStatusCode Status, JsonNode? Body)> GetJsonAsync(this HttpClient client, string path) =>
        client.SendAsync(HttpMethod.Get, path);

    /// <summary>POSTs and asserts 200.</summary>
    public static async Task<JsonNode> OkAsync(this HttpClient client, HttpMethod method, string path, string? json = null)
    {
        var (status, body) = await client.SendAsync(method, path, json);
        Assert.True(status == HttpStatusCode.OK, $"{method} {path} answered {(int)status}: {body?.ToJsonString()}");
        return body!;
    }

    public static async Task<string> CreateAsync(this HttpClient client, string envId, string extra = "")
    {
        var body = await client.OkAsync(HttpMethod.Post, "v1/envs/", $"{{\"env_id\": \"{envId}\"{extra}}}");
        return (string)body["instance_id"]!;
    }

    public static Task CloseEnvAsync(this HttpClient client, string instanceId) =>
        client.SendAsync(HttpMethod.Delete, $"v1/envs/{instanceId}/");

    /// <summary>Asserts an error response: its status, its kind, and that it has a message.</summary>
    public static void AssertError((HttpStatusCode Status, JsonNode? Body) response, HttpStatusCode status, string kind)
    {
        Assert.True(response.Status == status, $"expected {(int)status} {kind}, got {(int)response.Status}: {response.Body?.ToJsonString()}");
        Assert.NotNull(response.Body);
        Assert.Equal(kind, (string?)response.Body!["kind"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)response.Body["message"]));
        Assert.Equal((int)status, (int?)response.Body["status"]);
    }
}
