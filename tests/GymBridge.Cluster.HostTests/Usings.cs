global using System.Net;
global using System.Text.Json.Nodes;
global using GymBridge.Cluster.HostTests.TestSupport;
global using Xunit;
global using GymBridge.Server.Tests.TestSupport;
