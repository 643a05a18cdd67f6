using GymBridge.Tests.TestSupport;
using Microsoft.Playwright;

namespace GymBridge.Server.Tests.TestSupport;

/// <summary>Debian's Chromium, headless, driven by Playwright, as every page test starts it, and where their screenshots go.</summary>
internal static class HeadlessChromium
{
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright, params string[] extraArgs)
    {
        ArgumentNullException.ThrowIfNull(playwright);
        return playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", .. extraArgs],
        });
    }

    /// <summary>TestResults/screenshots/<paramref name="name"/>, the folder made if need be.</summary>
    public static string ScreenshotPath(string name)
    {
        var folder = Path.Combine(RepoPaths.Root, "TestResults", "screenshots");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name);
    }
}
