using GymBridge.Server.Tests.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Playwright;

namespace GymBridge.Server.Tests;

/// <summary>
/// The pages in real headless Chromium (Debian's, driven by Playwright): the agent page runs an episode and shows
/// its return; the monitor lists an env and a vector env made through REST, shows the env's frame and each worker's state and load;
/// a page of another site (another origin, or a rebound DNS name) cannot drive the host. Screenshots go to TestResults/.
/// </summary>
[Collection(ServerGroup.Name)]
public sealed class PageTests(ServerFixture fixture) : IAsyncLifetime
{
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        _browser = await HeadlessChromium.LaunchAsync(_playwright);
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }

    [Fact]
    public async Task The_agent_page_runs_an_episode_and_shows_its_return()
    {
        var page = await _browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        await page.GotoAsync(new Uri(fixture.Host.BaseAddress, "agent.html").ToString());
        await page.ClickAsync("#run");
        await page.WaitForSelectorAsync("#result.ok", new PageWaitForSelectorOptions { Timeout = 60_000 });
        var result = await page.TextContentAsync("#result");
        Assert.Matches(@"^Episode return: \d+$", result);
        Assert.True(int.Parse(result!.Split(':')[1].Trim(), System.Globalization.CultureInfo.InvariantCulture) > 20, result);
        Assert.True(await page.EvalOnSelectorAsync<bool>("#frame", "img => img.complete && img.naturalWidth === 600"));
        Assert.Contains("episode over", await page.TextContentAsync("#log"), StringComparison.Ordinal);
        Assert.Empty(errors);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = HeadlessChromium.ScreenshotPath("agent.png") });
    }

    [Fact]
    public async Task The_monitor_lists_an_env_made_through_rest_and_shows_its_frame()
    {
        var client = fixture.Client;
        var id = await client.CreateAsync("CartPole-v1", ", \"render_mode\": \"rgb_array\"");
        var quiet = await client.CreateAsync("FrozenLake-v1");
        var vector = (string)(await client.OkAsync(HttpMethod.Post, "v1/vector_envs/", "{\"env_id\": \"CartPole-v1\", \"num_envs\": 3}"))["instance_id"]!;
        await client.OkAsync(HttpMethod.Post, $"v1/vector_envs/{vector}/reset/", "{\"seed\": 1}");
        await client.OkAsync(HttpMethod.Post, $"v1/vector_envs/{vector}/step/", "{\"actions\": [0, 1, 0]}");
        await client.OkAsync(HttpMethod.Post, $"v1/vector_envs/{vector}/step/", "{\"actions\": [1, 0, 1]}");
        await client.OkAsync(HttpMethod.Post, $"v1/envs/{id}/reset/", "{\"seed\": 4}");
        for (var i = 0; i < 7; i++)
        {
            await client.OkAsync(HttpMethod.Post, $"v1/envs/{id}/step/", $"{{\"action\": {i % 2}}}");
        }

        var page = await _browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
        await page.GotoAsync(new Uri(fixture.Host.BaseAddress, "monitor.html").ToString());
        var card = $"#env-{id}";
        await page.WaitForSelectorAsync(card, new PageWaitForSelectorOptions { Timeout = 15_000 });
        Assert.Equal("CartPole-v1", await page.TextContentAsync($"{card} .env-id"));
        await page.WaitForFunctionAsync($"() => {{ const img = document.querySelector('{card} img'); return img && img.naturalWidth === 600; }}", null, new PageWaitForFunctionOptions { Timeout = 15_000 });
        await page.WaitForFunctionAsync($"() => document.querySelector('{card} .stats').textContent.startsWith('7 steps')", null, new PageWaitForFunctionOptions { Timeout = 15_000 });
        Assert.Contains("without render_mode", await page.TextContentAsync($"#env-{quiet} .frame"), StringComparison.Ordinal);
        Assert.Equal("CartPole-v1 × 3", await page.TextContentAsync($"#vec-{vector} .env-id"));
        Assert.StartsWith("2 vector steps · 6 env steps", await page.TextContentAsync($"#vec-{vector} .stats"), StringComparison.Ordinal);
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#workers tbody tr.state-running').length === 2", null, new PageWaitForFunctionOptions { Timeout = 15_000 });
        var stats = await client.OkAsync(HttpMethod.Get, "stats");
        var worker = (int)stats["instances"]!.AsArray().First(e => (string?)e!["instance_id"] == id)!["worker"]!;
        Assert.Equal(((int)stats["workers"]![worker]!["pid"]!).ToString(System.Globalization.CultureInfo.InvariantCulture), await page.TextContentAsync($"#worker-{worker} td:nth-child(3)"));
        await page.WaitForFunctionAsync($"() => Number(document.querySelector('#worker-{worker} td:nth-child(7)').textContent) >= 7", null, new PageWaitForFunctionOptions { Timeout = 15_000 });
        Assert.Equal("2/2", await page.TextContentAsync("#m-workers"));
        Assert.Equal("ok", await page.TextContentAsync("#m-health"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = HeadlessChromium.ScreenshotPath("monitor.png") });

        await client.CloseEnvAsync(quiet);
        await client.OkAsync(HttpMethod.Delete, $"v1/vector_envs/{vector}/");
        await page.WaitForSelectorAsync($"#env-{quiet}", new PageWaitForSelectorOptions { State = WaitForSelectorState.Detached, Timeout = 15_000 });
        await page.WaitForSelectorAsync($"#vec-{vector}", new PageWaitForSelectorOptions { State = WaitForSelectorState.Detached, Timeout = 15_000 });
        await page.CloseAsync();
        await client.CloseEnvAsync(id);
    }

    [Fact]
    public async Task A_page_of_another_site_cannot_drive_the_host_from_chromium()
    {
        // The other site: a page on another local origin (another port), so no browser rule stands between it and the host.
        var attacker = WebApplication.CreateSlimBuilder();
        attacker.WebHost.UseUrls("http://127.0.0.1:0");
        await using var site = attacker.Build();
        site.MapGet("/", () => Results.Content("<html><body>another site</body></html>", "text/html"));
        await site.StartAsync();
        var siteAddress = site.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        var client = fixture.Client;
        var before = (await client.OkAsync(HttpMethod.Get, "v1/envs/"))["all_envs"]!.AsObject().Count;
        var page = await _browser.NewPageAsync();
        await page.GotoAsync(siteAddress);
        var outcome = await page.EvaluateAsync<string[]>(
            """
            async (host) => {
                const out = [];
                for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/json']) {
                    // no-cors: the browser sends a "simple" request without asking the host first, and shows no answer.
                    try {
                        await fetch(host + 'v1/envs/', { method: 'POST', mode: 'no-cors', headers: { 'Content-Type': type }, body: JSON.stringify({ env_id: 'CartPole-v1' }) });
                        out.push('sent ' + type);
                    } catch (e) { out.push('failed ' + type); }
                }
                try { const r = await fetch(host + 'v1/envs/'); out.push('read ' + r.status); } catch (e) { out.push('read blocked'); }
                out.push(await new Promise(resolve => {
                    const socket = new WebSocket(host.replace('http', 'ws') + 'gym');
                    socket.onopen = () => resolve('socket open');
                    socket.onerror = () => resolve('socket refused');
                }));
                return out;
            }
            """,
            fixture.Host.BaseAddress.ToString());
        Assert.Contains("sent text/plain", outcome);
        Assert.Contains("read blocked", outcome);
        Assert.Contains("socket refused", outcome);
        Assert.Equal(before, (await client.OkAsync(HttpMethod.Get, "v1/envs/"))["all_envs"]!.AsObject().Count);
        await page.CloseAsync();

        // DNS rebinding: a name of another site that resolves to 127.0.0.1 reaches the host, which does not serve that name.
        await using var rebinding = await HeadlessChromium.LaunchAsync(_playwright, "--host-resolver-rules=MAP rebound.test 127.0.0.1");
        var rebound = await rebinding.NewPageAsync();
        var response = await rebound.GotoAsync($"http://rebound.test:{fixture.Host.BaseAddress.Port}/monitor.html");
        Assert.Equal(403, response!.Status);
        Assert.Contains("host_refused", await response.TextAsync(), StringComparison.Ordinal);
    }
}
