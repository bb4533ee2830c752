using Newtonsoft.Json.Serialization;

namespace Occupancy.Silo.Hosting;

/// <summary>
/// Stored grain state names every object's type (Orleans' JSON settings), and a C# collection expression assigned to an
/// <c>IReadOnlyList&lt;T&gt;</c> or <c>IEnumerable&lt;T&gt;</c> is a compiler-made type (<c>&lt;&gt;z__ReadOnlyList`1</c>
/// and kin) that the type allow-list rightly refuses to build back: a row holding one could never be read again. This
/// binder writes such a collection as <see cref="List{T}"/> and reads the rows already written that way as one, so both
/// kinds of row load; every other name goes to Orleans' own binder, allow-list and all.
/// </summary>
internal sealed class StoredCollectionNames(ISerializationBinder orleans) : ISerializationBinder
{
    private const string CompilerMadePrefix = "<>z__ReadOnly";

    public Type BindToType(string? assemblyName, string typeName)
    {
        if (!typeName.StartsWith(CompilerMadePrefix, StringComparison.Ordinal)) return orleans.BindToType(assemblyName, typeName);

        // "<>z__ReadOnlyList`1[[Element.Type, Assembly]]": the element is resolved (and allow-listed) on its own.
        var open = typeName.IndexOf("[[", StringComparison.Ordinal);
        var close = typeName.LastIndexOf("]]", StringComparison.Ordinal);
        if (open < 0 || close <= open) return orleans.BindToType(assemblyName, typeName);
        var element = typeName[(open + 2)..close];
        var comma = element.LastIndexOf(',');
        var elementType = comma < 0
            ? orleans.BindToType(null, element)
            : orleans.BindToType(element[(comma + 1)..].Trim(), element[..comma].Trim());
        return typeof(List<>).MakeGenericType(elementType);
    }

    public void BindToName(Type serializedType, out string? assemblyName, out string? typeName) =>
        orleans.BindToName(IsCompilerMade(serializedType) ? typeof(List<>).MakeGenericType(serializedType.GetGenericArguments()) : serializedType,
            out assemblyName, out typeName);

    private static bool IsCompilerMade(Type type) =>
        type is { IsGenericType: true } && type.Name.StartsWith(CompilerMadePrefix, StringComparison.Ordinal) && type.GetGenericArguments().Length == 1;
}
