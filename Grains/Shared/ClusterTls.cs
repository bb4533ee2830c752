using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using Orleans.Connections.Security;
using Orleans.Hosting;

namespace Occupancy.Grains;

/// <summary>
/// Mutual TLS between silos and from Api nodes to silos (Microsoft.Orleans.Connections.Security), off unless a
/// certificate is configured: <c>Silo:Tls:*</c> on a silo, <c>Cluster:Tls:*</c> on an Api node. Every member of the
/// cluster presents the cluster's certificate (a PFX file) and accepts a peer only when the peer presents that same
/// certificate or one named in <c>AllowedThumbprints</c> (for rotation): pinning, so a self-signed certificate
/// works and a certificate merely issued by a public authority does not get in. A plaintext peer fails the handshake.
/// </summary>
public static class ClusterTls
{
    public static ISiloBuilder UseClusterTls(this ISiloBuilder silo, IConfiguration section)
    {
        if (Settings.From(section) is not { } settings) return silo;
        return silo.UseTls(settings.Certificate, options => settings.Apply(options));
    }

    public static IClientBuilder UseClusterTls(this IClientBuilder client, IConfiguration section)
    {
        if (Settings.From(section) is not { } settings) return client;
        return client.UseTls(settings.Certificate, options => settings.Apply(options));
    }

    private sealed record Settings(X509Certificate2 Certificate, HashSet<string> Trusted)
    {
        public static Settings? From(IConfiguration section)
        {
            if (section["CertificatePath"] is not { Length: > 0 } path) return null;
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, section["CertificatePassword"]);
            if (!certificate.HasPrivateKey) throw new InvalidOperationException($"The TLS certificate {path} has no private key.");
            var trusted = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { certificate.Thumbprint };
            foreach (var thumbprint in section.GetSection("AllowedThumbprints").Get<string[]>() ?? []) trusted.Add(thumbprint.Replace(" ", "", StringComparison.Ordinal));
            return new Settings(certificate, trusted);
        }

        public void Apply(TlsOptions options)
        {
            options.LocalCertificate = Certificate;
            options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
            options.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
            // Pinned: the chain and the name do not matter, the exact certificate does.
            options.RemoteCertificateValidation = (remote, _, _) => remote is not null && Trusted.Contains(remote.Thumbprint);
            var host = Certificate.GetNameInfo(X509NameType.DnsName, forIssuer: false);
            options.OnAuthenticateAsClient = (_, ssl) => ssl.TargetHost = host;
        }
    }
}
