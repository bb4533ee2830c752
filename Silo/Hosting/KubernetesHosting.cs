using Orleans.Hosting.Kubernetes;

namespace Occupancy.Silo.Hosting;

/// <summary>
/// Orleans' Kubernetes hosting (Microsoft.Orleans.Hosting.Kubernetes) for a silo that runs in a pod: the silo is named
/// after its pod, takes its cluster and service ids from <c>ORLEANS_CLUSTER_ID</c> / <c>ORLEANS_SERVICE_ID</c>, and two
/// silos watch the pods labelled <c>orleans/clusterId</c> and <c>orleans/serviceId</c>, declaring a silo dead as soon
/// as its pod is deleted instead of waiting for missed probes. Membership itself stays in Azure Table storage.
/// On by default exactly when the process runs in a pod (Kubernetes sets <c>KUBERNETES_SERVICE_HOST</c> in every
/// container); <c>Silo:Kubernetes</c> overrides that either way.
/// </summary>
public static class KubernetesHosting
{
    public const string Switch = "Silo:Kubernetes";

    /// <summary>Set by Kubernetes in every container.</summary>
    public const string InPodVariable = "KUBERNETES_SERVICE_HOST";

    /// <summary>The pod labels the silo pods must carry, and the variables Orleans reads in the pod (see deploy/k8s).</summary>
    public const string ClusterIdLabel = KubernetesHostingOptions.ClusterIdLabel;
    public const string ServiceIdLabel = KubernetesHostingOptions.ServiceIdLabel;

    public static bool IsInKubernetes(IConfiguration config) => config.GetValue(Switch, config[InPodVariable] is { Length: > 0 });

    public static ISiloBuilder UseKubernetesWhenInPod(this ISiloBuilder silo, IConfiguration config) =>
        IsInKubernetes(config) ? silo.UseKubernetesHosting() : silo;
}
