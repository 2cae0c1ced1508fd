using System.Net;
using System.Reflection;
using System.Runtime.CompilerServices;
using Mosn.Abstractions.Streams;

namespace Mosn.Proxy.Tests;

public sealed class DownstreamStreamTests
{
    private static readonly FieldInfo[] s_fields = typeof(DownstreamStream).GetFields(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public);

    /// <summary>
    /// A stream an HTTP/1 connection reuses must start its next request exactly as a new one: every field that a
    /// request can change, set to something else here, must be back to a new stream's value after <c>Reuse</c>. A
    /// field added to the stream later and not reset there fails this test.
    /// </summary>
    [Fact]
    public void Reuse_EveryFieldChanged_BackToANewStreamsValues()
    {
        var firstSender = Fake<IStreamSender>();
        var nextSender = Fake<IStreamSender>();
        var fresh = new DownstreamStream(null!, firstSender);
        var used = new DownstreamStream(null!, firstSender);
        var kept = new List<string>();
        foreach (var field in s_fields)
        {
            if (field.IsInitOnly)
            {
                kept.Add(field.Name); // set once by the constructor, the same for every request of the connection
                continue;
            }

            var changed = OtherValue(field.FieldType, field.GetValue(fresh));
            field.SetValue(used, changed);
            Assert.NotEqual(field.GetValue(fresh), field.GetValue(used));
        }

        used.Reuse(nextSender);

        Assert.Equal(["_hashCode", "_owner"], kept.Order(StringComparer.Ordinal));
        foreach (var field in s_fields.Where(f => !f.IsInitOnly && f.Name != "_responseSender"))
        {
            Assert.True(Equals(field.GetValue(fresh), field.GetValue(used)), $"{field.Name} not reset by Reuse: {field.GetValue(used)}");
        }

        Assert.Same(nextSender, s_fields.Single(f => f.Name == "_responseSender").GetValue(used));
        Assert.True(s_fields.Length > 30, $"only {s_fields.Length} fields found: the reflection no longer sees the stream's state");
    }

    /// <summary>A value of <paramref name="type"/> different from <paramref name="current"/>.</summary>
    private static object OtherValue(Type type, object? current)
    {
        if (type == typeof(bool))
        {
            return !(bool)current!;
        }

        if (type == typeof(string))
        {
            return "changed";
        }

        if (type.IsEnum)
        {
            return Enum.ToObject(type, Convert.ToInt64(current, System.Globalization.CultureInfo.InvariantCulture) + 1);
        }

        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return OtherValue(underlying, current);
        }

        if (type.IsPrimitive)
        {
            return Convert.ChangeType(Convert.ToInt64(current, System.Globalization.CultureInfo.InvariantCulture) + 7, type, System.Globalization.CultureInfo.InvariantCulture);
        }

        if (type == typeof(DateTimeOffset))
        {
            return DateTimeOffset.UnixEpoch.AddDays(1);
        }

        if (type == typeof(TimeSpan))
        {
            return TimeSpan.FromSeconds(3);
        }

        if (type.IsValueType)
        {
            // A struct (HostCandidates): a default one with its first integer field changed.
            var boxed = Activator.CreateInstance(type)!;
            var inner = type.GetFields(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public).First(f => f.FieldType == typeof(int));
            inner.SetValue(boxed, 5);
            return boxed;
        }

        if (type.IsInterface)
        {
            return Fake(type);
        }

        if (type == typeof(EndPoint))
        {
            return new IPEndPoint(IPAddress.Loopback, 1);
        }

        return RuntimeHelpers.GetUninitializedObject(type); // a class of the proxy's own (filter chain, try, cold state)
    }

    private static T Fake<T>() => (T)Fake(typeof(T));

    private static object Fake(Type type) =>
        typeof(DispatchProxy).GetMethods()
            .Single(m => m is { Name: nameof(DispatchProxy.Create), IsGenericMethodDefinition: true } && m.GetGenericArguments().Length == 2)
            .MakeGenericMethod(type, typeof(NotCalled))
            .Invoke(null, null)!;

    /// <summary>An interface instance whose members must not be called.</summary>
    public class NotCalled : DispatchProxy
    {
        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
            throw new InvalidOperationException($"{targetMethod?.Name} called on a placeholder");
    }
}
