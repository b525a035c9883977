using Object = UnityEngine.Object;

// Declarations as in Unity 2022.3 (Editor/Mono/BuildPipeline/BuildPipelineInterfaces.cs,
// Editor/Mono/BuildPipeline/UnityLinker/UnityLinkerBuildPipelineData.cs, Modules/BuildReportingEditor/Managed/BuildReport.bindings.cs);
// only the members the package uses.
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
    public sealed class BuildReport : Object
    {
        // Unity's has no public constructor: reports come from the build pipeline.
        internal BuildReport() { }
    }
}

namespace UnityEditor.UnityLinker
{
    public sealed class UnityLinkerBuildPipelineData
    {
        // Unity's has no public parameterless constructor: the build pipeline makes it.
        internal UnityLinkerBuildPipelineData() { }
    }
}
