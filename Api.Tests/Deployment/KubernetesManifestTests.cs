extern alias silo;

using System.Net;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Occupancy.Api.Access;
using Occupancy.Grains.Management;
using silo::Occupancy.Silo.Hosting;
using Orleans.Hosting.Kubernetes;

namespace Occupancy.Api.Tests.Deployment;

/// <summary>
/// deploy/k8s read with the Kubernetes client's typed models, checked against what the silo and the Api code would do
/// with the environment those pods get: the ports they listen on, the routes the probes ask, the cluster they form,
/// the labels Orleans' Kubernetes hosting looks for, and that every variable set is a setting the code reads.
/// </summary>
public sealed class KubernetesManifestTests
{
    private const string SiloDeployment = "occupancy-silo";
    private const string ApiDeployment = "occupancy-api";

    /// <summary>Kubernetes sets it in every container; the silo turns Orleans' Kubernetes hosting on by it.</summary>
    private static readonly KeyValuePair<string, string?> InPod = new(KubernetesHosting.InPodVariable, "10.96.0.1");

    /// <summary>What Orleans' Kubernetes hosting reads from the pod's environment, beside the code's own settings.</summary>
    private static readonly string[] OrleansPodVariables =
    [
        KubernetesHostingOptions.PodNameEnvironmentVariable, KubernetesHostingOptions.PodNamespaceEnvironmentVariable,
        KubernetesHostingOptions.PodIPEnvironmentVariable, KubernetesHostingOptions.ClusterIdEnvironmentVariable,
        KubernetesHostingOptions.ServiceIdEnvironmentVariable,
    ];

    /// <summary>The committed manifests and the processes they describe, built once for all the facts.</summary>
    private static readonly Lazy<Deployed> Committed = new(() => Deployed.From(KubernetesManifests.Load()));

    private readonly KubernetesManifests _manifests;
    private readonly Pod _silo;
    private readonly Pod _api;

    public KubernetesManifestTests() : this(Committed.Value)
    {
    }

    /// <summary>For <see cref="KubernetesManifestMistakeTests"/>: the same facts about altered manifests.</summary>
    internal KubernetesManifestTests(Deployed deployed)
    {
        _manifests = deployed.Manifests;
        _silo = deployed.Silo;
        _api = deployed.Api;
    }

    [Fact]
    public void Every_manifest_is_a_typed_Kubernetes_object_in_the_application_namespace()
    {
        Assert.All(_manifests.Resources, r => Assert.IsAssignableFrom<IKubernetesObject<V1ObjectMeta>>(r.Resource));
        var space = Assert.Single(_manifests.All<V1Namespace>()).Metadata.Name;
        var namespaced = _manifests.Resources.Where(r => r.Resource is not V1Namespace).ToList();
        Assert.All(namespaced, r => Assert.True(((IKubernetesObject<V1ObjectMeta>)r.Resource).Metadata.NamespaceProperty == space,
            $"{r.File}: {((IKubernetesObject<V1ObjectMeta>)r.Resource).Metadata.Name} is not in namespace {space}"));
        foreach (var deployment in _manifests.All<V1Deployment>())
        {
            Assert.True(Selects(deployment.Spec.Selector.MatchLabels, deployment.Spec.Template.Metadata.Labels),
                $"{deployment.Metadata.Name}'s selector does not match its own pods");
        }
        Assert.NotEmpty(_manifests.All<V1Ingress>());
        Assert.Equal(2, _manifests.All<V1PodDisruptionBudget>().Count());
    }

    [Fact]
    public void Silo_pods_declare_exactly_the_ports_the_silo_listens_on_and_listen_beyond_loopback()
    {
        Assert.Equal(_silo.Process.Ports.Order(), _silo.Container.Ports.Select(p => p.ContainerPort).Order());
        Assert.Equal(_silo.Process.Endpoints!.SiloPort, PortNamed(_silo, "silo"));
        Assert.Equal(_silo.Process.Endpoints.GatewayPort, PortNamed(_silo, "gateway"));
        Assert.Equal(IPAddress.Parse(KubernetesManifests.PodIp), _silo.Process.Endpoints.AdvertisedIPAddress);
        Assert.All(_silo.Process.Urls, url => Assert.False(NodeProcess.IsLoopbackOnly(url), $"the silo would listen on {url}: no probe reaches it"));
    }

    [Fact]
    public void Silo_probes_ask_the_silo_health_endpoint_on_its_health_port()
    {
        var health = PublicPort(_silo.Process);
        foreach (var (kind, probe) in Probes(_silo.Container))
        {
            Assert.True(probe is not null, $"the silo has no {kind} probe");
            var mapped = _silo.Process.Routes.Any(r => r.Pattern == probe.HttpGet.Path);
            Assert.True(mapped, $"the silo's {kind} probe asks {probe.HttpGet.Path}, which the silo does not map");
            Assert.True(health == PortOf(_silo.Container, probe.HttpGet.Port), $"the silo's {kind} probe asks port {(string)probe.HttpGet.Port}, not the health port {health}");
        }
    }

    [Fact]
    public void Silo_pods_carry_the_labels_and_variables_Orleans_Kubernetes_hosting_reads()
    {
        Assert.True(KubernetesHosting.IsInKubernetes(_silo.Process.Configuration), "Orleans' Kubernetes hosting would be off in the silo pods");
        Assert.Contains(typeof(KubernetesHostingOptions), _silo.Process.ConfiguredOptions);
        var labels = _silo.Deployment.Spec.Template.Metadata.Labels;
        Assert.Equal(_silo.Process.Cluster.ClusterId, labels.ValueOf(KubernetesHostingOptions.ClusterIdLabel));
        Assert.Equal(_silo.Process.Cluster.ServiceId, labels.ValueOf(KubernetesHostingOptions.ServiceIdLabel));
        Assert.Equal(_silo.Process.Cluster.ClusterId, _silo.Environment.GetValueOrDefault(KubernetesHostingOptions.ClusterIdEnvironmentVariable));
        Assert.Equal(_silo.Process.Cluster.ServiceId, _silo.Environment.GetValueOrDefault(KubernetesHostingOptions.ServiceIdEnvironmentVariable));
        Assert.Equal(_silo.Deployment.Metadata.NamespaceProperty, _silo.Environment.GetValueOrDefault(KubernetesHostingOptions.PodNamespaceEnvironmentVariable));
        Assert.Equal(KubernetesManifests.PodIp, _silo.Environment.GetValueOrDefault(KubernetesHostingOptions.PodIPEnvironmentVariable));
        Assert.StartsWith(_silo.Deployment.Metadata.Name, _silo.Environment.GetValueOrDefault(KubernetesHostingOptions.PodNameEnvironmentVariable));

        // The Api nodes must join the very cluster the silos form.
        Assert.Equal(_silo.Process.Cluster.ClusterId, _api.Process.Cluster.ClusterId);
        Assert.Equal(_silo.Process.Cluster.ServiceId, _api.Process.Cluster.ServiceId);
    }

    [Fact]
    public void Silos_may_read_label_watch_and_delete_the_pods_of_their_namespace()
    {
        var account = _silo.Deployment.Spec.Template.Spec.ServiceAccountName;
        Assert.False(string.IsNullOrEmpty(account), "the silo pods run as the default service account");
        Assert.Contains(_manifests.All<V1ServiceAccount>(), a => a.Metadata.Name == account);
        var granted = _manifests.All<V1RoleBinding>()
            .Where(b => b.Subjects.Any(s => s.Kind == "ServiceAccount" && s.Name == account && s.NamespaceProperty == _silo.Deployment.Metadata.NamespaceProperty))
            .Select(b => b.RoleRef.Kind == "Role" ? _manifests.Single<V1Role>(b.RoleRef.Name, r => r.Metadata.Name) : null)
            .OfType<V1Role>()
            .SelectMany(r => r.Rules)
            .Where(rule => rule.ApiGroups.Contains("") && rule.Resources.Contains("pods"))
            .SelectMany(rule => rule.Verbs)
            .ToHashSet();
        Assert.Superset(new HashSet<string> { "get", "list", "watch", "patch", "delete" }, granted);
    }

    [Fact]
    public void Api_pods_declare_exactly_the_ports_the_Api_listens_on_and_listen_beyond_loopback()
    {
        Assert.Equal(_api.Process.Ports.Order(), _api.Container.Ports.Select(p => p.ContainerPort).Order());
        Assert.All(_api.Process.Urls, url => Assert.False(NodeProcess.IsLoopbackOnly(url), $"the Api would listen on {url}: nothing outside the pod reaches it"));
    }

    [Fact]
    public void Api_probes_ask_liveness_and_readiness_where_the_Api_answers_them()
    {
        var live = _api.Process.Routes.Single(r => r.Name == "checkLiveness").Pattern;
        var ready = _api.Process.Routes.Single(r => r.Name == "checkReadiness").Pattern;
        var port = PublicPort(_api.Process);
        Assert.Equal(live, _api.Container.StartupProbe?.HttpGet.Path);
        Assert.Equal(live, _api.Container.LivenessProbe?.HttpGet.Path);
        Assert.Equal(ready, _api.Container.ReadinessProbe?.HttpGet.Path);
        foreach (var (kind, probe) in Probes(_api.Container))
        {
            Assert.True(port == PortOf(_api.Container, probe!.HttpGet.Port), $"the Api's {kind} probe asks port {(string)probe.HttpGet.Port}, not the public port {port}");
        }
    }

    [Fact]
    public void The_Api_service_and_ingress_reach_the_Api_pods_with_session_affinity()
    {
        var service = Assert.Single(_manifests.All<V1Service>(), s => Selects(s.Spec.Selector, _api.Deployment.Spec.Template.Metadata.Labels));
        Assert.False(Selects(service.Spec.Selector, _silo.Deployment.Spec.Template.Metadata.Labels), "the Api service also selects silo pods");
        var port = PublicPort(_api.Process);
        Assert.All(service.Spec.Ports, p => Assert.Equal(port, PortOf(_api.Container, p.TargetPort)));
        Assert.Equal("ClientIP", service.Spec.SessionAffinity);
        Assert.True(service.Spec.SessionAffinityConfig?.ClientIP?.TimeoutSeconds > 0, "the service's affinity has no timeout");

        var ingress = Assert.Single(_manifests.All<V1Ingress>());
        var backends = ingress.Spec.Rules.SelectMany(r => r.Http.Paths).Select(p => p.Backend.Service).ToList();
        Assert.NotEmpty(backends);
        foreach (var backend in backends)
        {
            Assert.Equal(service.Metadata.Name, backend.Name);
            Assert.Contains(service.Spec.Ports, p => backend.Port.Name is { } name ? p.Name == name : p.Port == backend.Port.Number);
        }
        Assert.Equal("cookie", ingress.Metadata.Annotations.ValueOf("nginx.ingress.kubernetes.io/affinity"));
        Assert.True(int.Parse(ingress.Metadata.Annotations["nginx.ingress.kubernetes.io/proxy-read-timeout"], System.Globalization.CultureInfo.InvariantCulture) >= 300,
            "the ingress would cut an idle WebSocket within minutes");
    }

    [Fact]
    public void Disruption_budgets_select_their_own_pods_only()
    {
        var budgets = _manifests.All<V1PodDisruptionBudget>().ToList();
        var silo = Assert.Single(budgets, b => Selects(b.Spec.Selector.MatchLabels, _silo.Deployment.Spec.Template.Metadata.Labels));
        var api = Assert.Single(budgets, b => Selects(b.Spec.Selector.MatchLabels, _api.Deployment.Spec.Template.Metadata.Labels));
        Assert.NotSame(silo, api);
        Assert.True((string?)silo.Spec.MaxUnavailable is not null || (string?)silo.Spec.MinAvailable is not null, "the silo budget sets no bound");
        Assert.True(_silo.Deployment.Spec.Replicas > 1, "one silo cannot survive losing one");
    }

    [Fact]
    public void Every_variable_the_pods_set_is_a_setting_their_process_reads()
    {
        foreach (var pod in new[] { _silo, _api })
        {
            var own = (pod.Container.Env ?? []).Select(e => e.Name);
            foreach (var name in own)
            {
                var readByOrleans = pod.Kind == NodeKind.Silo && OrleansPodVariables.Contains(name);
                Assert.True(readByOrleans || pod.Process.Reads(Key(name)), $"{pod.Deployment.Metadata.Name} sets {name}, which its code never reads");
            }
            // A config map shared by silos and Api nodes may hold settings only one of them reads.
            foreach (var map in _manifests.ConfigMapNamesOf(pod.Container))
            {
                foreach (var name in _manifests.ConfigMap(map).Data.Keys)
                {
                    Assert.True(_silo.Process.Reads(Key(name)) || _api.Process.Reads(Key(name)), $"config map {map} sets {name}, which no process reads");
                }
            }
        }
    }

    [Fact]
    public void The_signing_key_is_mounted_where_the_Api_looks_for_it()
    {
        var options = _api.Process.Configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        Assert.Equal(AuthMode.Embedded, options.Mode);
        Assert.False(string.IsNullOrEmpty(options.DataDir), "Auth__DataDir is not set: the key would be looked for in the working directory");

        // Where the code reads the key, relative to its data directory (it creates one in a scratch directory to tell).
        var scratch = Directory.CreateTempSubdirectory("signing-key-");
        string relative;
        try
        {
            var key = new SigningKey(Options.Create(new AuthOptions { DataDir = scratch.FullName }));
            relative = Path.GetRelativePath(scratch.FullName, key.Path);
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
        var expected = Path.Combine(options.ResolvedDataDir, relative);

        var spec = _api.Deployment.Spec.Template.Spec;
        var mount = Assert.Single(_api.Container.VolumeMounts, m => expected.StartsWith(m.MountPath.TrimEnd('/') + "/", StringComparison.Ordinal));
        var volume = Assert.Single(spec.Volumes, v => v.Name == mount.Name);
        Assert.NotNull(volume.Secret);
        var item = Assert.Single(volume.Secret.Items, i => Path.Combine(mount.MountPath, i.Path) == expected);
        Assert.Contains(item.Key, _manifests.SecretValues(volume.Secret.SecretName).Keys);
    }

    [Fact]
    public void Pods_get_time_to_stop_gracefully()
    {
        Assert.True(_silo.Deployment.Spec.Template.Spec.TerminationGracePeriodSeconds > _silo.Process.ShutdownTimeout.TotalSeconds,
            $"the silo's grace period is not above its {_silo.Process.ShutdownTimeout} graceful stop");
        var pause = _api.Container.Lifecycle?.PreStop?.Sleep?.Seconds ?? 0;
        Assert.True(_api.Deployment.Spec.Template.Spec.TerminationGracePeriodSeconds > pause + _api.Process.ShutdownTimeout.TotalSeconds,
            $"the Api's grace period is not above its preStop pause and {_api.Process.ShutdownTimeout} graceful stop");
    }

    [Fact]
    public void Containers_request_resources_and_run_unprivileged()
    {
        foreach (var pod in new[] { _silo, _api })
        {
            var name = pod.Deployment.Metadata.Name;
            Assert.True(pod.Container.Resources?.Requests?.ContainsKey("cpu") == true, $"{name} requests no CPU");
            Assert.True(pod.Container.Resources?.Requests?.ContainsKey("memory") == true, $"{name} requests no memory");
            Assert.True(pod.Container.Resources?.Limits?.ContainsKey("memory") == true, $"{name} has no memory limit");
            Assert.True(pod.Deployment.Spec.Template.Spec.SecurityContext?.RunAsNonRoot == true, $"{name} may run as root");
            Assert.True(pod.Container.SecurityContext?.AllowPrivilegeEscalation == false, $"{name} may escalate privileges");
        }
    }

    private static string Key(string variable) => variable.Replace("__", ":", StringComparison.Ordinal);

    private static bool Selects(IDictionary<string, string>? selector, IDictionary<string, string>? labels) =>
        selector is { Count: > 0 } && labels is not null && selector.All(s => labels.TryGetValue(s.Key, out var v) && v == s.Value);

    private static IEnumerable<(string Kind, V1Probe? Probe)> Probes(V1Container container) =>
        [("startup", container.StartupProbe), ("readiness", container.ReadinessProbe), ("liveness", container.LivenessProbe)];

    /// <summary>The port a probe or service names (by name or number), as a container port number.</summary>
    private static int? PortOf(V1Container container, IntOrString port)
    {
        string? value = port;
        return int.TryParse(value, out var number) ? number : container.Ports?.SingleOrDefault(p => p.Name == value)?.ContainerPort;
    }

    private static int? PortNamed(Pod pod, string name) => pod.Container.Ports.SingleOrDefault(p => p.Name == name)?.ContainerPort;

    /// <summary>The port the process serves HTTP on other than its management port: the silo's health port, the Api's public one.</summary>
    private static int PublicPort(NodeProcess process)
    {
        var management = ManagementListener.From(process.Configuration).Ports;
        return Assert.Single(process.Urls.Select(NodeProcess.UrlPort), p => !management.Contains(p));
    }

    /// <summary>The manifests, and the silo and Api pods they run.</summary>
    internal sealed record Deployed(KubernetesManifests Manifests, Pod Silo, Pod Api)
    {
        public static Deployed From(KubernetesManifests manifests) =>
            new(manifests, Pod.Of(manifests, SiloDeployment, NodeKind.Silo), Pod.Of(manifests, ApiDeployment, NodeKind.Api));
    }

    /// <summary>A deployment's one container, its environment in a pod, and its process built with that environment.</summary>
    internal sealed record Pod(NodeKind Kind, V1Deployment Deployment, V1Container Container, IReadOnlyDictionary<string, string?> Environment, NodeProcess Process)
    {
        public static Pod Of(KubernetesManifests manifests, string name, NodeKind kind)
        {
            var deployment = manifests.Deployment(name);
            var container = Assert.Single(deployment.Spec.Template.Spec.Containers);
            var environment = manifests.EnvironmentOf(deployment, container);
            var process = NodeProcess.Build(kind, new Dictionary<string, string?>(environment) { [InPod.Key] = InPod.Value });
            return new Pod(kind, deployment, container, environment, process);
        }
    }
}
