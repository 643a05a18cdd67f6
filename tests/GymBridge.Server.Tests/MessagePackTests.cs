using System.Buffers;
using GymBridge.Server.Json;
using GymBridge.Server.Tests.TestSupport;
using GymBridge.Values;

namespace GymBridge.Server.Tests;

/// <summary>MessagePack request and response bodies: ndarrays travel as the protocol's ext type, float32 bit for bit.</summary>
[Collection(ServerGroup.Name)]
public sealed class MessagePackTests(ServerFixture fixture)
{
    private async Task<(int Status, GymValue Body)> SendAsync(HttpMethod method, string path, GymValue? body, string contentType = "application/msgpack")
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Accept.ParseAdd(contentType);
        if (body is not null)
        {
            var buffer = new ArrayBufferWriter<byte>();
            MessagePackBody.Write(buffer, body);
            request.Content = new ByteArrayContent(buffer.WrittenSpan.ToArray());
            request.Content.Headers.ContentType = new(contentType);
        }

        using var response = await fixture.Client.SendAsync(request);
        Assert.Equal("application/msgpack", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        return ((int)response.StatusCode, MessagePackBody.Read(new ReadOnlySequence<byte>(bytes)));
    }

    [Theory]
    [InlineData("application/msgpack")]
    [InlineData("application/x-msgpack")]
    public async Task Create_reset_and_step_in_messagepack(string contentType)
    {
        var (status, made) = await SendAsync(HttpMethod.Post, "v1/envs/", GymMap.Of(("env_id", "Pendulum-v1")), contentType);
        Assert.Equal(200, status);
        var id = made["instance_id"].AsString();
        var (_, reset) = await SendAsync(HttpMethod.Post, $"v1/envs/{id}/reset/", GymMap.Of(("seed", 3)), contentType);
        var observation = reset["observation"].AsArray();
        Assert.Equal(DType.Float32, observation.DType);
        Assert.Equal([3], observation.Shape);

        var action = NDArray.From([0.25f]);
        var (_, step) = await SendAsync(HttpMethod.Post, $"v1/envs/{id}/step/", GymMap.Of(("action", action)), contentType);
        Assert.Equal(DType.Float32, step["observation"].AsArray().DType);
        Assert.True(step["reward"].AsDouble() <= 0);
        Assert.False(step["done"].AsBoolean());

        var (bad, error) = await SendAsync(HttpMethod.Post, $"v1/envs/{id}/step/", GymMap.Of(("action", NDArray.From([9f]))), contentType);
        Assert.Equal(400, bad);
        Assert.Equal("invalid_action", error["kind"].AsString());
        await fixture.Client.CloseEnvAsync(id);
    }

    [Fact]
    public async Task Json_requests_can_ask_for_messagepack_replies()
    {
        var id = await fixture.Client.CreateAsync("CartPole-v1");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"v1/envs/{id}/reset/") { Content = new StringContent("{\"seed\": 1}") };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Accept.ParseAdd("application/msgpack");
        using var response = await fixture.Client.SendAsync(request);
        var reply = MessagePackBody.Read(new ReadOnlySequence<byte>(await response.Content.ReadAsByteArrayAsync()));
        Assert.Equal(4, reply["observation"].AsArray().Length);
        await fixture.Client.CloseEnvAsync(id);
    }
}
