namespace Switchboard.ControlPlane.Http.RateLimiting;

/// <summary>One rule applied to one partition, e.g. <c>perkey</c> on <c>key:key_abc</c>.</summary>
/// <param name="Rule">The policy.</param>
/// <param name="PartitionKey">The partition, built with <see cref="RateLimitPartitions"/>.</param>
internal readonly record struct RateLimitTarget(RateLimitRule Rule, string PartitionKey);
