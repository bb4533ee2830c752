using Xunit.Sdk;

namespace Occupancy.Api.Tests.Deployment;

/// <summary>
/// The manifest facts are able to fail: each mistake an operator could make in a copy of deploy/k8s is caught by the
/// fact about it.
/// </summary>
public sealed class KubernetesManifestMistakeTests
{
    [Fact]
    public void A_silo_port_moved_in_the_environment_but_not_in_the_container_ports_is_caught() =>
        Caught("30-silo.yaml", "- name: Silo__HealthPort\n              value: \"5081\"", "- name: Silo__HealthPort\n              value: \"5091\"",
            t => t.Silo_pods_declare_exactly_the_ports_the_silo_listens_on_and_listen_beyond_loopback());

    [Fact]
    public void A_probe_on_a_route_the_Api_does_not_map_is_caught() =>
        Caught("40-api.yaml", "path: /health/ready", "path: /healthz", t => t.Api_probes_ask_liveness_and_readiness_where_the_Api_answers_them());

    [Fact]
    public void A_silo_probe_on_the_metrics_port_is_caught() =>
        Caught("30-silo.yaml", "path: /health\n              port: health", "path: /health\n              port: metrics",
            t => t.Silo_probes_ask_the_silo_health_endpoint_on_its_health_port());

    [Fact]
    public void A_cluster_label_that_differs_from_the_configured_cluster_is_caught() =>
        Caught("30-silo.yaml", "orleans/clusterId: occupancy", "orleans/clusterId: occupancy-blue",
            t => t.Silo_pods_carry_the_labels_and_variables_Orleans_Kubernetes_hosting_reads());

    [Fact]
    public void A_service_that_selects_no_Api_pod_is_caught() =>
        Caught("40-api.yaml", "  selector:\n    app.kubernetes.io/name: occupancy-api", "  selector:\n    app.kubernetes.io/name: occupancy-web",
            t => t.The_Api_service_and_ingress_reach_the_Api_pods_with_session_affinity());

    [Fact]
    public void A_misspelt_setting_is_caught() =>
        Caught("30-silo.yaml", "- name: Silo__GatewayPort", "- name: Silo__GatewayPrt", t => t.Every_variable_the_pods_set_is_a_setting_their_process_reads());

    [Fact]
    public void A_signing_key_mounted_elsewhere_is_caught() =>
        Caught("40-api.yaml", "mountPath: /var/lib/occupancy/auth", "mountPath: /var/lib/occupancy/keys", t => t.The_signing_key_is_mounted_where_the_Api_looks_for_it());

    [Fact]
    public void A_disruption_budget_over_the_wrong_pods_is_caught() =>
        Caught("30-silo.yaml", "  maxUnavailable: 1\n  selector:\n    matchLabels:\n      app.kubernetes.io/name: occupancy-silo",
            "  maxUnavailable: 1\n  selector:\n    matchLabels:\n      app.kubernetes.io/name: occupancy-api", t => t.Disruption_budgets_select_their_own_pods_only());

    /// <summary>Alters one file of a copy of deploy/k8s and expects the fact to fail on it (and to pass on the original).</summary>
    private static void Caught(string file, string original, string mistake, Action<KubernetesManifestTests> fact)
    {
        fact(new KubernetesManifestTests());
        var copy = Directory.CreateTempSubdirectory("k8s-");
        try
        {
            foreach (var path in Directory.EnumerateFiles(KubernetesManifests.Folder, "*", SearchOption.AllDirectories))
            {
                var target = Path.Combine(copy.FullName, Path.GetRelativePath(KubernetesManifests.Folder, path));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(path, target);
            }
            var altered = Path.Combine(copy.FullName, file);
            var text = File.ReadAllText(altered);
            Assert.True(text.Contains(original, StringComparison.Ordinal), $"{file} no longer contains the text this test alters: {original}");
            File.WriteAllText(altered, text.Replace(original, mistake, StringComparison.Ordinal));

            var tests = new KubernetesManifestTests(KubernetesManifestTests.Deployed.From(KubernetesManifests.Load(copy.FullName)));
            Assert.ThrowsAny<XunitException>(() => fact(tests));
        }
        finally
        {
            copy.Delete(recursive: true);
        }
    }
}
