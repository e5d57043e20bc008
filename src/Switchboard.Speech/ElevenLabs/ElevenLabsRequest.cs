using Switchboard.Speech.Cloud;

namespace Switchboard.Speech.ElevenLabs;

/// <summary>One synthesis request's resolved settings.</summary>
internal sealed record ElevenLabsRequest(string Voice, string Model, CloudAudioFormat Format, double Stability, double SimilarityBoost, float? Speed);
