// Sightline's object-ID pass (FrameCapture, ObjectIdPass): drawn through Camera.RenderWithShader into a RInt
// render texture, every renderer writes the integer _SightlineObjectId its MaterialPropertyBlock sets (labelled
// objects: 1 + the label's index) or 0 (everything else, which still hides what is behind it). The depth test
// keeps the nearest surface, so a view is labelled by what it shows, occlusion included. Built-in render
// pipeline only (scriptable pipelines do not run replacement shaders; FrameCapture then labels from bounds).
// In a Resources folder so that Shader.Find finds it in players too.
Shader "Hidden/Sightline/ObjectId"
{
    Properties
    {
        _SightlineObjectId ("Object id", Integer) = 0
    }
    SubShader
    {
        Pass
        {
            ZWrite On
            ZTest LEqual
            Cull Back
            CGPROGRAM
            #pragma vertex vert
            #pragma fragment frag
            #pragma target 3.5
            #include "UnityCG.cginc"

            int _SightlineObjectId;

            float4 vert(float4 vertex : POSITION) : SV_POSITION
            {
                return UnityObjectToClipPos(vertex);
            }

            int frag() : SV_Target
            {
                return _SightlineObjectId;
            }
            ENDCG
        }
    }
    Fallback Off
}
