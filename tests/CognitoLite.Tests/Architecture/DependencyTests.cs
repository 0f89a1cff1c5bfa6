using System.Reflection;
using System.Reflection.Emit;
using CognitoLite.Core;

namespace CognitoLite.Tests.Architecture;

/// <summary>
/// The arrows between Core's features point one way: a feature uses only the features listed under it here. Read from
/// the compiled assembly, so a `using` cannot hide a call: every type a feature's types name in their base types,
/// fields, signatures and method bodies (lambdas and async state machines included) counts.
/// </summary>
public sealed class DependencyTests
{
    /// <summary>
    /// Each feature (namespace under CognitoLite.Core) and the features it may use, from the bottom up: a feature may use
    /// only features listed before it. The root namespace (Errors, CognitoOptions, Telemetry, Audit) may be used by all; it and Seed, which
    /// fills every feature from a file, are not checked.
    /// </summary>
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["Api"] = [],
        ["Storage"] = ["Api"],
        ["Triggers"] = ["Api", "Storage"],
        ["Messages"] = ["Api", "Storage"],
        ["Passwords"] = ["Storage"],
        ["Tokens"] = ["Api", "Storage", "Triggers"],
        ["UserPools"] = ["Api", "Storage", "Tokens"],
        ["Security"] = ["Api", "Storage", "Messages"],
        ["Users"] = ["Api", "Storage", "Triggers", "Messages", "Passwords", "Tokens", "UserPools", "Security"],
        ["Groups"] = ["Api", "Storage", "Users"],
        ["Mfa"] = ["Api", "Storage", "Tokens", "Users"],
        ["Devices"] = ["Api", "Storage", "Security", "Passwords", "Tokens", "Users"],
        ["Passkeys"] = ["Api", "Storage", "Tokens", "Users"],
        ["Auth"] = ["Api", "Storage", "Triggers", "Messages", "Passwords", "Tokens", "UserPools", "Users", "Mfa", "Security", "Devices", "Passkeys"],
        ["OAuth"] = ["Api", "Storage", "Tokens", "UserPools", "Users", "Auth"],
        ["Federation"] = ["Api", "Storage", "Triggers", "Tokens", "UserPools", "Users", "Groups", "Auth", "OAuth"],
        ["Credentials"] = ["Api", "Storage", "Tokens"],
        ["IdentityPools"] = ["Api", "Storage", "Tokens", "Credentials"],
        ["Import"] = ["Api", "Storage", "Tokens", "UserPools", "Users"],
    };

    private static readonly string[] Unchecked = ["", "Seed"];

    [Fact]
    public void Every_feature_uses_only_the_features_below_it()
    {
        var edges = Edges();
        Assert.Empty(edges.Keys.Where(edge => !Unchecked.Contains(edge.From) && !Allowed.ContainsKey(edge.From)).Select(edge => edge.From).Distinct());
        var outside = edges.Where(e => !Unchecked.Contains(e.Key.From) && !Allowed[e.Key.From].Contains(e.Key.To))
            .Select(e => $"{e.Key.From} -> {e.Key.To} ({e.Value})").ToList();
        Assert.True(outside.Count == 0, "Uses outside the allowed arrows:\n" + string.Join("\n", outside));
    }

    [Fact]
    public void The_allowed_arrows_point_down_the_list()
    {
        var order = Allowed.Keys.ToList();
        var upward = Allowed.SelectMany(f => f.Value.Where(to => order.IndexOf(to) < 0 || order.IndexOf(to) >= order.IndexOf(f.Key)).Select(to => $"{f.Key} -> {to}"));
        Assert.Empty(upward);
    }

    [Fact]
    public void No_two_features_use_each_other_even_through_others()
    {
        var edges = Edges().Keys.Where(e => !Unchecked.Contains(e.From)).ToList();
        var loops = edges.Where(e => Reaches(edges, e.To, e.From)).Select(e => $"{e.From} -> {e.To}").ToList();
        Assert.True(loops.Count == 0, "Arrows on a loop:\n" + string.Join("\n", loops));
    }

    [Theory]
    [InlineData("Users", "Auth")]
    [InlineData("Mfa", "Auth")]
    [InlineData("Users", "Mfa")]
    [InlineData("Tokens", "UserPools")]
    [InlineData("Credentials", "IdentityPools")]
    [InlineData("Storage", "UserPools")]
    [InlineData("Storage", "IdentityPools")]
    [InlineData("Triggers", "Users")]
    [InlineData("Triggers", "Tokens")]
    public void A_feature_below_never_calls_back_up(string from, string to) =>
        Assert.False(Edges().TryGetValue((from, to), out var example), $"{from} -> {to}: {example}");

    private static bool Reaches(List<(string From, string To)> edges, string start, string target)
    {
        var seen = new HashSet<string>();
        var next = new Stack<string>([start]);
        while (next.TryPop(out var feature))
        {
            if (feature == target) return true;
            if (!seen.Add(feature)) continue;
            foreach (var edge in edges.Where(e => e.From == feature)) next.Push(edge.To);
        }
        return false;
    }

    private static readonly Lazy<Dictionary<(string From, string To), string>> Found = new(Read);

    /// <summary>Every feature-to-feature use in Core, with one example each ("UserService uses PasswordHasher").</summary>
    private static Dictionary<(string From, string To), string> Edges() => Found.Value;

    private static Dictionary<(string From, string To), string> Read()
    {
        var edges = new Dictionary<(string, string), string>();
        foreach (var type in typeof(Errors).Assembly.GetTypes())
        {
            if (Feature(type) is not { } from) continue;
            foreach (var used in Uses(type))
                if (Feature(used) is { } to && to != from && to != "")
                    edges.TryAdd((from, to), $"{type.FullName} uses {used.FullName}");
        }
        return edges;
    }

    /// <summary>The feature of a Core type: the namespace segment after CognitoLite.Core ("" for the root).</summary>
    private static string? Feature(Type type)
    {
        var ns = type.Namespace;
        if (ns == "CognitoLite.Core") return "";
        return ns is not null && ns.StartsWith("CognitoLite.Core.", StringComparison.Ordinal) ? ns["CognitoLite.Core.".Length..].Split('.')[0] : null;
    }

    private const BindingFlags Declared =
        BindingFlags.DeclaredOnly | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static;

    private static HashSet<Type> Uses(Type type)
    {
        var uses = new HashSet<Type>();
        void Add(Type? t)
        {
            if (t is null || t.IsGenericParameter) return;
            if (t.HasElementType) { Add(t.GetElementType()); return; }
            if (t.IsGenericType && !t.IsGenericTypeDefinition)
            {
                foreach (var argument in t.GetGenericArguments()) Add(argument);
                t = t.GetGenericTypeDefinition();
            }
            uses.Add(t);
        }

        Add(type.BaseType);
        foreach (var contract in type.GetInterfaces()) Add(contract);
        foreach (var field in type.GetFields(Declared)) Add(field.FieldType);
        foreach (var property in type.GetProperties(Declared)) Add(property.PropertyType);
        foreach (var method in type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared)))
        {
            if (method is MethodInfo info) Add(info.ReturnType);
            foreach (var parameter in method.GetParameters()) Add(parameter.ParameterType);
            foreach (var member in BodyReferences(type, method))
            {
                switch (member)
                {
                    case Type t: Add(t); break;
                    case FieldInfo f: Add(f.DeclaringType); Add(f.FieldType); break;
                    case MethodBase m:
                        Add(m.DeclaringType);
                        if (m.IsGenericMethod) foreach (var argument in m.GetGenericArguments()) Add(argument);
                        break;
                }
            }
        }
        return uses;
    }

    private static readonly OpCode[] OneByte = new OpCode[0x100];
    private static readonly OpCode[] TwoByte = new OpCode[0x100];

    static DependencyTests()
    {
        foreach (var field in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            var code = (OpCode)field.GetValue(null)!;
            var value = (ushort)code.Value;
            if (value < 0x100) OneByte[value] = code;
            else if ((value & 0xff00) == 0xfe00) TwoByte[value & 0xff] = code;
        }
    }

    /// <summary>The types, fields and methods a method body names: its IL walked opcode by opcode, tokens resolved.</summary>
    private static IEnumerable<MemberInfo> BodyReferences(Type type, MethodBase method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null) yield break;
        var typeArguments = type.IsGenericType ? type.GetGenericArguments() : null;
        var methodArguments = method is MethodInfo { IsGenericMethod: true } ? method.GetGenericArguments() : null;
        var at = 0;
        while (at < il.Length)
        {
            var code = il[at] == 0xfe ? TwoByte[il[++at]] : OneByte[il[at]];
            at++;
            switch (code.OperandType)
            {
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    at += 1;
                    break;
                case OperandType.InlineVar:
                    at += 2;
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    at += 8;
                    break;
                case OperandType.InlineSwitch:
                    at += 4 + 4 * BitConverter.ToInt32(il, at);
                    break;
                case OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineType or OperandType.InlineTok:
                    var token = BitConverter.ToInt32(il, at);
                    at += 4;
                    MemberInfo? member;
                    try
                    {
                        member = method.Module.ResolveMember(token, typeArguments, methodArguments);
                    }
                    catch (ArgumentException)
                    {
                        member = null;
                    }
                    if (member is not null) yield return member;
                    break;
                default:
                    at += 4;
                    break;
            }
        }
    }
}
