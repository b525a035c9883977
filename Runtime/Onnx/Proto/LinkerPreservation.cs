namespace Sightline.Onnx.Proto
{
    /// <summary>
    /// What IL2CPP's managed code stripping must keep for ONNX files to load in a player: Google.Protobuf builds the
    /// generated messages' descriptors by looking their properties up by name (reflection the Unity linker cannot
    /// see), so the generated types and the protobuf runtime are kept whole. Unity reads link.xml only from Assets/,
    /// so a project saves this as Assets/Sightline/link.xml (an IUnityLinkerProcessor hook in the Editor is to come).
    /// </summary>
    public static class LinkerPreservation
    {
        public const string LinkXml =
            "<linker>\n" +
            "  <assembly fullname=\"Sightline.Onnx\">\n" +
            "    <namespace fullname=\"Sightline.Onnx.Proto\" preserve=\"all\" />\n" +
            "  </assembly>\n" +
            "  <assembly fullname=\"Sightline.ThirdParty.Google.Protobuf\" preserve=\"all\" />\n" +
            "</linker>\n";
    }
}
