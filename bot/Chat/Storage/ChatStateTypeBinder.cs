using Newtonsoft.Json;
using Newtonsoft.Json.Serialization;

namespace Regin.Bot.Chat.Storage;

/// <summary>Reads back only Regin's own state classes and plain collections, never an arbitrary type named in a document.</summary>
internal sealed class ChatStateTypeBinder : ISerializationBinder
{
    private readonly DefaultSerializationBinder _inner = new();

    /// <summary>Each type's answer, found once (the check reads the type's assembly name: a third of a chat state read).</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Type, bool> _allowed = new();

    public Type BindToType(string? assemblyName, string typeName)
    {
        var type = _inner.BindToType(assemblyName, typeName);
        return _allowed.GetOrAdd(type, IsAllowed) ? type : throw new JsonSerializationException($"The type {typeName} may not be read from the chat state.");
    }

    public void BindToName(Type serializedType, out string? assemblyName, out string? typeName) =>
        _inner.BindToName(serializedType, out assemblyName, out typeName);

    private static bool IsAllowed(Type type)
    {
        if (type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(object) || type == typeof(decimal)
            || type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(Guid) || type == typeof(TimeSpan))
        {
            return true;
        }
        var assembly = type.Assembly.GetName().Name ?? "";
        if (assembly.StartsWith("Regin.", StringComparison.Ordinal) || type.Namespace == "Newtonsoft.Json.Linq")
        {
            return true;
        }
        if (type.IsGenericType && type.Namespace is "System.Collections.Generic" or "System")
        {
            return type.GetGenericArguments().All(IsAllowed);
        }
        return false;
    }
}
