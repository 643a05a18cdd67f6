using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace GymBridge.Tests.TestSupport;

/// <summary>Self-signed certificates written as PKCS#12 files, for the cluster's mutual TLS.</summary>
internal static class TestCertificates
{
    /// <summary>Writes a fresh self-signed certificate with its private key to a temporary .pfx file and returns its path.</summary>
    public static string CreatePfx(string name = "gymbridge-test-cluster")
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], critical: false)); // server and client authentication
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var path = Path.Combine(Path.GetTempPath(), $"{name}-{Guid.NewGuid():N}.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12));
        return path;
    }
}
