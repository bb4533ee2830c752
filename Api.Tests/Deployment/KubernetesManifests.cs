using k8s;
using k8s.Models;
using Occupancy.Testing;

namespace Occupancy.Api.Tests.Deployment;

/// <summary>
/// Every manifest under deploy/k8s (examples included), read with the Kubernetes client's typed models, and what a
/// container's environment would be in a pod: literal values, the pod's own fields (downward API), config maps and
/// secrets from the same manifests.
/// </summary>
internal sealed class KubernetesManifests
{
    /// <summary>The address a pod is given in these tests (status.podIP).</summary>
    public const string PodIp = "10.244.1.17";

    private KubernetesManifests(IReadOnlyList<(string File, object Resource)> resources) => Resources = resources;

    public IReadOnlyList<(string File, object Resource)> Resources { get; }

    public static string Folder => Path.Combine(AzuriteInstance.FindRepositoryRoot(), "deploy", "k8s");

    public static KubernetesManifests Load() => Load(Folder);

    public static KubernetesManifests Load(string folder)
    {
        var resources = new List<(string, object)>();
        foreach (var file in Directory.EnumerateFiles(folder, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            foreach (var resource in KubernetesYaml.LoadAllFromString(File.ReadAllText(file)))
            {
                resources.Add((Path.GetRelativePath(folder, file), resource));
            }
        }
        return new KubernetesManifests(resources);
    }

    public IEnumerable<T> All<T>() => Resources.Select(r => r.Resource).OfType<T>();

    public V1Deployment Deployment(string name) => Single<V1Deployment>(name, d => d.Metadata.Name);

    public V1ConfigMap ConfigMap(string name) => Single<V1ConfigMap>(name, c => c.Metadata.Name);

    public V1Secret Secret(string name) => Single<V1Secret>(name, s => s.Metadata.Name);

    public T Single<T>(string name, Func<T, string> nameOf) =>
        All<T>().SingleOrDefault(r => nameOf(r) == name) ?? throw new InvalidOperationException($"No {typeof(T).Name} named '{name}' in {Folder}.");

    /// <summary>The keys a secret holds (stringData or data).</summary>
    public IReadOnlyDictionary<string, string> SecretValues(string name)
    {
        var secret = Secret(name);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in secret.Data ?? new Dictionary<string, byte[]>()) values[key] = System.Text.Encoding.UTF8.GetString(value);
        foreach (var (key, value) in secret.StringData ?? new Dictionary<string, string>()) values[key] = value;
        return values;
    }

    /// <summary>A container's environment in a pod of this template, in order (later entries win, as in Kubernetes).</summary>
    public IReadOnlyDictionary<string, string?> EnvironmentOf(V1Deployment deployment, V1Container container)
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var source in container.EnvFrom ?? [])
        {
            if (source.ConfigMapRef is { } map)
            {
                foreach (var (key, value) in ConfigMap(map.Name).Data ?? new Dictionary<string, string>()) environment[(source.Prefix ?? "") + key] = value;
            }
            if (source.SecretRef is { } secret)
            {
                foreach (var (key, value) in SecretValues(secret.Name)) environment[(source.Prefix ?? "") + key] = value;
            }
        }
        foreach (var variable in container.Env ?? [])
        {
            environment[variable.Name] = variable.Value ?? ValueOf(deployment, variable.ValueFrom, variable.Name);
        }
        return environment;
    }

    /// <summary>The names a container's environment takes from a config map (all of it, or one key).</summary>
    public IEnumerable<string> ConfigMapNamesOf(V1Container container) =>
        (container.EnvFrom ?? []).Where(s => s.ConfigMapRef is not null).Select(s => s.ConfigMapRef.Name)
            .Concat((container.Env ?? []).Where(e => e.ValueFrom?.ConfigMapKeyRef is not null).Select(e => e.ValueFrom.ConfigMapKeyRef.Name))
            .Distinct();

    private string? ValueOf(V1Deployment deployment, V1EnvVarSource? source, string name)
    {
        if (source?.FieldRef is { } field) return FieldOf(deployment, field.FieldPath);
        if (source?.ConfigMapKeyRef is { } mapKey) return ConfigMap(mapKey.Name).Data.ValueOf(mapKey.Key) ?? throw Missing(name, mapKey.Name, mapKey.Key);
        if (source?.SecretKeyRef is { } secretKey) return SecretValues(secretKey.Name).GetValueOrDefault(secretKey.Key) ?? throw Missing(name, secretKey.Name, secretKey.Key);
        throw new InvalidOperationException($"Variable {name} has neither a value nor a source this test knows.");
    }

    private static InvalidOperationException Missing(string variable, string source, string key) =>
        new($"Variable {variable} reads key '{key}' of '{source}', which has no such key.");

    private static string FieldOf(V1Deployment deployment, string path)
    {
        var template = deployment.Spec.Template.Metadata;
        const string labelPrefix = "metadata.labels['";
        if (path.StartsWith(labelPrefix, StringComparison.Ordinal) && path.EndsWith("']", StringComparison.Ordinal))
        {
            var label = path[labelPrefix.Length..^2];
            return template.Labels.ValueOf(label) ?? throw new InvalidOperationException($"The pod has no label '{label}' ({path}).");
        }
        return path switch
        {
            "metadata.name" => $"{deployment.Metadata.Name}-7d9f8c6b5-x2x4q",
            "metadata.namespace" => deployment.Metadata.NamespaceProperty,
            "status.podIP" => PodIp,
            _ => throw new InvalidOperationException($"Field {path} is not one this test resolves."),
        };
    }
}

internal static class Dictionaries
{
    /// <summary>The value under a key of a model's map (labels, annotations, data), or null.</summary>
    public static string? ValueOf(this IDictionary<string, string>? map, string key) => map is not null && map.TryGetValue(key, out var value) ? value : null;
}
