using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;

namespace Sightline.Tests.Shim
{
    /// <summary>
    /// The public API of an assembly written as the lines of DotNet~/UnityShim/UnitySignatures.txt (the format
    /// DotNet~/scripts/unity-signatures.py writes Unity 2022.3's declarations in): one line per type, implemented
    /// interface, attribute usage, delegate signature, constructor, method, property, field, event and enum value.
    /// Types are named without namespaces and with C# keywords, as Unity's sources write them.
    /// </summary>
    public static class ShimSignatures
    {
        const BindingFlags Declared = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

        /// <summary>Lines for every public type outside the shim's own UnityShim namespaces.</summary>
        public static IEnumerable<string> Of(Assembly assembly) =>
            assembly.GetExportedTypes()
                .Where(t => t.Namespace == null || !(t.Namespace + ".").StartsWith("UnityShim.", StringComparison.Ordinal))
                .SelectMany(TypeLines);

        /// <summary>The lines of the signature list, without comments.</summary>
        public static HashSet<string> Load(string path) =>
            new HashSet<string>(File.ReadAllLines(path).Where(l => l.Length > 0 && !l.StartsWith("#", StringComparison.Ordinal)), StringComparer.Ordinal);

        /// <summary>Every line of the assembly that the list lacks: a member Unity does not have, or has differently.</summary>
        public static List<string> Missing(Assembly assembly, ISet<string> list) => Of(assembly).Where(l => !list.Contains(l)).Distinct().ToList();

        static IEnumerable<string> TypeLines(Type type)
        {
            string owner = FullName(type);
            string kind = type.IsEnum ? "enum" : type.IsValueType ? "struct" : type.IsInterface ? "interface"
                : typeof(Delegate).IsAssignableFrom(type) ? "delegate" : "class";
            string flag = kind != "class" ? "" : type.IsAbstract && type.IsSealed ? "static" : type.IsAbstract ? "abstract" : type.IsSealed ? "sealed" : "";
            string baseName = kind == "class" && type.BaseType != null && type.BaseType != typeof(object) ? " : " + Name(type.BaseType) : "";
            yield return $"type {owner}: {Join(kind, flag)}{baseName}";
            foreach (var i in DeclaredInterfaces(type)) yield return $"implements {owner}: {Name(i)}";
            if (kind == "class" && typeof(Attribute).IsAssignableFrom(type))
            {
                var usage = type.GetCustomAttribute<AttributeUsageAttribute>(inherit: true) ?? new AttributeUsageAttribute(AttributeTargets.All);
                yield return $"usage {owner}: {usage.ValidOn.ToString()} multiple={Lower(usage.AllowMultiple)} inherited={Lower(usage.Inherited)}";
            }
            if (kind == "delegate")
            {
                var invoke = type.GetMethod("Invoke")!;
                yield return $"invoke {owner}({Parameters(invoke.GetParameters())}): {Name(invoke.ReturnType)}";
                yield break;
            }
            if (kind == "enum")
            {
                foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Static))
                    yield return $"enum {owner}.{field.Name} = {Convert.ToInt64(field.GetRawConstantValue(), CultureInfo.InvariantCulture)}";
                yield break;
            }
            foreach (var ctor in type.GetConstructors(Declared).Where(c => !c.IsStatic))
                yield return $"ctor {owner}({Parameters(ctor.GetParameters())})";
            foreach (var method in type.GetMethods(Declared).Where(m => !m.IsSpecialName || m.Name.StartsWith("op_", StringComparison.Ordinal)))
            {
                string generics = method.IsGenericMethodDefinition ? "<" + string.Join(", ", method.GetGenericArguments().Select(a => a.Name)) + ">" : "";
                yield return $"{Join("method", method.IsStatic ? "static" : "", Inheritance(method))} {owner}.{method.Name}{generics}({Parameters(method.GetParameters())}): {Name(method.ReturnType)}";
            }
            foreach (var property in type.GetProperties(Declared))
            {
                var getter = property.GetGetMethod();
                var setter = property.GetSetMethod();
                var any = getter ?? setter!;
                var index = property.GetIndexParameters();
                string name = index.Length > 0 ? $"this[{Parameters(index)}]" : property.Name;
                string accessors = Join(getter != null ? "get" : "", setter != null ? "set" : "");
                yield return $"{Join("property", any.IsStatic ? "static" : "", Inheritance(any))} {owner}.{name}: {Name(property.PropertyType)} {accessors}";
            }
            foreach (var field in type.GetFields(Declared))
            {
                string qualifier = field.IsLiteral ? "const" : Join(field.IsStatic ? "static" : "", field.IsInitOnly ? "readonly" : "");
                yield return $"{Join("field", qualifier)} {owner}.{field.Name}: {Name(field.FieldType)}";
            }
            foreach (var e in type.GetEvents(Declared))
                yield return $"{Join("event", e.GetAddMethod()!.IsStatic ? "static" : "")} {owner}.{e.Name}: {Name(e.EventHandlerType!)}";
        }

        static string Inheritance(MethodInfo method) => method.IsAbstract ? "abstract" : method.IsVirtual && !method.IsFinal ? "virtual" : "";

        /// <summary>Interfaces the type names itself (not those of its base type or of other interfaces).</summary>
        static IEnumerable<Type> DeclaredInterfaces(Type type)
        {
            var all = type.GetInterfaces();
            var inherited = new HashSet<Type>((type.BaseType?.GetInterfaces() ?? Type.EmptyTypes).Concat(all.SelectMany(i => i.GetInterfaces())));
            return all.Where(i => !inherited.Contains(i));
        }

        static string FullName(Type type)
        {
            string name = Name(type.IsGenericType ? type.GetGenericTypeDefinition() : type);
            return string.IsNullOrEmpty(type.Namespace) ? name : type.Namespace + "." + name;
        }

        static readonly Dictionary<Type, string> Keywords = new Dictionary<Type, string>
        {
            [typeof(bool)] = "bool", [typeof(byte)] = "byte", [typeof(sbyte)] = "sbyte", [typeof(short)] = "short",
            [typeof(ushort)] = "ushort", [typeof(int)] = "int", [typeof(uint)] = "uint", [typeof(long)] = "long",
            [typeof(ulong)] = "ulong", [typeof(float)] = "float", [typeof(double)] = "double", [typeof(decimal)] = "decimal",
            [typeof(char)] = "char", [typeof(string)] = "string", [typeof(object)] = "object", [typeof(void)] = "void",
        };

        /// <summary>A type as the list writes it: no namespace, keywords, Outer.Inner, Name&lt;T&gt;, T[], T?.</summary>
        public static string Name(Type type)
        {
            if (type.IsByRef) return Name(type.GetElementType()!);
            if (type.IsArray) return Name(type.GetElementType()!) + "[" + new string(',', type.GetArrayRank() - 1) + "]";
            if (type.IsPointer) return Name(type.GetElementType()!) + "*";
            if (Nullable.GetUnderlyingType(type) is Type underlying) return Name(underlying) + "?";
            if (Keywords.TryGetValue(type, out var keyword)) return keyword;
            if (type.IsGenericParameter) return type.Name;
            string simple = type.Name;
            int tick = simple.IndexOf('`');
            if (tick >= 0) simple = simple.Substring(0, tick);
            if (type.IsGenericType)
            {
                var own = type.GetGenericArguments().Skip(type.DeclaringType?.GetGenericArguments().Length ?? 0).ToList();
                if (own.Count > 0) simple += "<" + string.Join(", ", own.Select(Name)) + ">";
            }
            return type.IsNested && !type.IsGenericParameter ? Name(type.DeclaringType!) + "." + simple : simple;
        }

        static string Parameters(ParameterInfo[] parameters) => string.Join(", ", parameters.Select(Parameter));

        static string Parameter(ParameterInfo p)
        {
            string prefix = p.ParameterType.IsByRef ? (p.IsOut ? "out " : p.IsIn ? "in " : "ref ")
                : p.GetCustomAttribute<ParamArrayAttribute>() != null ? "params " : "";
            string text = prefix + Name(p.ParameterType);
            if (p.HasDefaultValue) text += " = " + Default(p);
            return text;
        }

        static string Default(ParameterInfo p)
        {
            object? value = p.DefaultValue;
            var type = p.ParameterType;
            if (value == null) return type.IsValueType && Nullable.GetUnderlyingType(type) == null ? "default" : "null";
            if (type.IsEnum) return Name(type) + "." + (Enum.GetName(type, value) ?? Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture));
            switch (value)
            {
                case bool b: return Lower(b);
                case string s: return "\"" + s + "\"";
                case float f: return float.IsPositiveInfinity(f) ? "Infinity" : f.ToString("R", CultureInfo.InvariantCulture);
                case double d: return double.IsPositiveInfinity(d) ? "Infinity" : d.ToString("R", CultureInfo.InvariantCulture);
                default: return Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
            }
        }

        static string Lower(bool b) => b ? "true" : "false";

        static string Join(params string[] words) => string.Join(" ", words.Where(w => w.Length > 0));
    }
}
