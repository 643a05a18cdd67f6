using Microsoft.Playwright;

namespace GymBridge.Cluster.HostTests;

/// <summary>The monitor page of a cluster host in real headless Chromium (Debian's, driven by Playwright).</summary>
[Collection(ThreeHostsGroup.Name)]
public sealed class MonitorPageTests(ThreeHosts hosts)
{
    [RedisFact]
    public async Task A_hosts_monitor_shows_every_silo_and_the_silo_of_each_of_its_envs()
    {
        var cluster = hosts.Cluster;
        var through = cluster[1];
        var made = new List<string>();
        string? remote = null;
        while (remote is null && made.Count < 6)
        {
            var id = await through.Http.CreateAsync();
            made.Add(id);
            remote = await cluster.OwnerAsync(id, through) == through ? null : id; // one hop away: its card must say which silo
        }

        Assert.NotNull(remote);
        var owner = await cluster.OwnerAsync(remote, through);
        await through.Http.OkAsync(HttpMethod.Post, $"v1/envs/{remote}/reset/", "{\"seed\": 2}");
        for (var i = 0; i < 3; i++)
        {
            await through.Http.OkAsync(HttpMethod.Post, $"v1/envs/{remote}/step/", "{\"action\": 1}");
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await HeadlessChromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        await page.GotoAsync(new Uri(through.BaseAddress, "monitor.html").ToString());

        var wait = new PageWaitForFunctionOptions { Timeout = 15_000 };
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#silos tbody tr.silo').length === 3", null, wait);
        var addresses = await page.EvalOnSelectorAllAsync<string[]>("#silos tbody tr.silo td:first-child", "cells => cells.map(c => c.textContent)");
        Assert.All(cluster.Hosts, host => Assert.Contains(addresses, host.IsSilo));
        await page.WaitForFunctionAsync($"() => document.querySelector('#env-{remote} .stats')?.textContent.startsWith('3 steps')", null, wait);
        var stats = await page.TextContentAsync($"#env-{remote} .stats");
        Assert.True(owner.IsSilo(stats!.Split("silo ")[1].Split(' ')[0]), $"the card says '{stats}', the env lives on {owner}");
        Assert.Empty(errors);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = HeadlessChromium.ScreenshotPath("monitor-cluster.png") });

        foreach (var id in made)
        {
            await through.Http.OkAsync(HttpMethod.Delete, $"v1/envs/{id}/");
        }
    }
}
