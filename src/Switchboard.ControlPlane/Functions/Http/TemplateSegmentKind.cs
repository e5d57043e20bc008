namespace Switchboard.ControlPlane.Functions.Http;

internal enum TemplateSegmentKind
{
    /// <summary>Text sent as written.</summary>
    Literal,

    /// <summary><c>{{name}}</c>: an argument the schema declares, otherwise the call's dynamic variable.</summary>
    Value,

    /// <summary><c>{{secret.NAME}}</c>: a value from the organization's secret store.</summary>
    Secret,
}
