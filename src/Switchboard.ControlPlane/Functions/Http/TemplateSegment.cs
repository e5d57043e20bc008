namespace Switchboard.ControlPlane.Functions.Http;

/// <summary>One piece of a <see cref="Template"/>: literal text, or the name a placeholder refers to.</summary>
internal readonly record struct TemplateSegment(TemplateSegmentKind Kind, string Text);
