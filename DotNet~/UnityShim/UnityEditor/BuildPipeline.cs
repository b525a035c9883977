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
    }
}

namespace UnityEditor.UnityLinker
{
    public sealed class UnityLinkerBuildPipelineData
    {
    }
}
