using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Occupancy.Grains.Privacy;
using Occupancy.Grains.Tests.Support;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.TestingHost;

namespace Occupancy.Grains.Tests.Cluster;

/// <summary>
/// With a certificate configured, silos talk to each other and to clients over mutual TLS (a self-signed certificate
/// made here, pinned by thumbprint), and a client speaking plaintext is refused.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterTlsTests : IAsyncLifetime
{
    private const string Password = "cluster-tls-test";
    private readonly string _certificatePath = Path.Combine(Path.GetTempPath(), $"occupancy-tls-{Guid.NewGuid():N}.pfx");
    private TestCluster? _cluster;

    public async Task InitializeAsync()
    {
        await File.WriteAllBytesAsync(_certificatePath, SelfSigned().Export(X509ContentType.Pfx, Password));
        var builder = new TestClusterBuilder(2);
        builder.Options.ConnectionTransport = ConnectionTransportType.TcpSocket;
        builder.Properties["Silo:Tls:CertificatePath"] = _certificatePath;
        builder.Properties["Silo:Tls:CertificatePassword"] = Password;
        builder.Properties["Cluster:Tls:CertificatePath"] = _certificatePath;
        builder.Properties["Cluster:Tls:CertificatePassword"] = Password;
        builder.AddSiloBuilderConfigurator<TlsSilo>();
        builder.AddClientBuilderConfigurator<TlsClient>();
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null) await _cluster.DisposeAsync();
        File.Delete(_certificatePath);
    }

    [Fact]
    public async Task Two_silos_form_a_cluster_over_tls_and_a_tls_client_calls_a_grain()
    {
        var hosts = await _cluster!.Client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        var hashed = await _cluster.Client.GetGrain<IPrivacyKeyGrain>(0).HashPhone("13800000000");

        Assert.Equal(2, hosts.Count);
        Assert.Matches("^[0-9a-f]{64}$", hashed);
    }

    [Fact]
    public async Task A_plaintext_client_is_refused()
    {
        var gateway = _cluster!.Silos[0].GatewayAddress.Endpoint;
        var host = new HostBuilder()
            .UseOrleansClient(client =>
            {
                client.Configure<ClusterOptions>(o =>
                {
                    o.ClusterId = _cluster.Options.ClusterId;
                    o.ServiceId = _cluster.Options.ServiceId;
                });
                client.UseStaticClustering(new IPEndPoint(gateway.Address, gateway.Port));
            })
            .Build();

        var refused = await Record.ExceptionAsync(async () =>
        {
            // The handshake never completes: the client either gives up or keeps trying; either way it gets no answer.
            await host.StartAsync().WaitAsync(TimeSpan.FromSeconds(20));
            await host.Services.GetRequiredService<IClusterClient>().GetGrain<IPrivacyKeyGrain>(0).HashPhone("13800000000").WaitAsync(TimeSpan.FromSeconds(10));
        });

        Assert.NotNull(refused);
        await host.StopAsync(new CancellationTokenSource(TimeSpan.FromSeconds(5)).Token).ContinueWith(_ => { }, TaskScheduler.Default);
        host.Dispose();
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=occupancy-cluster", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, critical: false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], critical: false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("occupancy-cluster");
        request.CertificateExtensions.Add(names.Build());
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }

    private sealed class TlsSilo : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            silo.AddMemoryGrainStorage(StorageNames.Occupancy);
            silo.Services.AddOccupancyDomain();
            silo.UseClusterTls(silo.Configuration.GetSection("Silo:Tls"));
        }
    }

    private sealed class TlsClient : IClientBuilderConfigurator
    {
        public void Configure(IConfiguration configuration, IClientBuilder client) =>
            client.UseClusterTls(configuration.GetSection("Cluster:Tls"));
    }
}
