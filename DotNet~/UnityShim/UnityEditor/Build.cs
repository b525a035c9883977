// Unity API stand-in: the build callback that hands a package's link.xml to the Unity linker (signatures from Unity's
// 2022.3 C# reference source, Editor/Mono/BuildPipeline/BuildPipelineInterfaces.cs, UnityLinkerBuildPipelineData.cs and
// Modules/BuildReportingEditor/Managed/BuildReport.bindings.cs). Nothing here runs a build.

namespace UnityEditor.Build
{
    public interface IOrderedCallback
    {
        int callbackOrder { get; }
    }

    public interface IUnityLinkerProcessor : IOrderedCallback
    {
        string GenerateAdditionalLinkXmlFile(Reporting.BuildReport report, UnityLinker.UnityLinkerBuildPipelineData data);
    }
}

namespace UnityEditor.Build.Reporting
{
    public sealed class BuildReport : UnityEngine.Object
    {
        BuildReport()
        {
        }
    }
}

namespace UnityEditor.UnityLinker
{
    public sealed class UnityLinkerBuildPipelineData
    {
        UnityLinkerBuildPipelineData()
        {
        }
    }
}
