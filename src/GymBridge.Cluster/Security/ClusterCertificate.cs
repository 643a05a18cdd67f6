using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Orleans.Connections.Security;

namespace GymBridge.Cluster.Security;

/// <summary>
/// The cluster's one certificate (a PKCS#12 file with its private key), shared by its silos and clients: Orleans'
/// connections become mutual TLS, and a peer is accepted only if it presents this same certificate. Holding the file is
/// what admits a process to the cluster; there is no certificate authority to run.
/// </summary>
internal static class ClusterCertificate
{
    public static X509Certificate2? Load(string? path, string? password)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return null;
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password);
        }
        catch (Exception error) when (error is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"GymBridge:Cluster:Certificate '{path}' cannot be read as a PKCS#12 (.pfx) file: {error.Message}", error);
        }

        if (!certificate.HasPrivateKey)
        {
            certificate.Dispose();
            throw new InvalidOperationException($"GymBridge:Cluster:Certificate '{path}' holds no private key: export the certificate with its key (.pfx).");
        }

        return certificate;
    }

    public static void Configure(TlsOptions tls, X509Certificate2 certificate)
    {
        tls.LocalCertificate = certificate;
        tls.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        tls.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        // Pinned: chain and name errors do not matter, only whether the peer holds the cluster's own certificate.
        tls.RemoteCertificateValidation = (remote, _, _) => remote.RawDataMemory.Span.SequenceEqual(certificate.RawDataMemory.Span);
    }
}
