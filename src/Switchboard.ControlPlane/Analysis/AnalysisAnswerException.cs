namespace Switchboard.ControlPlane.Analysis;

/// <summary>The model answered, but not with what the analysis schema asks for; the attempt fails and is retried.</summary>
internal sealed class AnalysisAnswerException(string message) : Exception(message);
