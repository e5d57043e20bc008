namespace Switchboard.ControlPlane.Functions;

internal static class FunctionKinds
{
    public const string Builtin = "builtin";
    public const string Http = "http";
}
