using System.Numerics;
using System.Runtime.InteropServices;

namespace Switchboard.Audio.Resampling;

/// <summary>
/// The FIR dot products of the resampler. <see cref="Dot8"/> computes eight outputs that share one coefficient row
/// (a decimator's consecutive outputs, or one phase of an interpolator over eight consecutive inputs), loading each
/// coefficient vector once for all eight; <see cref="Dot"/> computes one.
/// </summary>
/// <remarks>
/// Both accumulate every output in exactly the same order (one vector accumulator per output, lanes summed at the
/// end, then a scalar tail), so an output is bit-identical whichever kernel computed it. That is what keeps the
/// resampler's output independent of how the input stream is cut into calls: the chunk boundaries decide which
/// outputs fall into groups of eight.
/// </remarks>
internal static class PolyphaseKernels
{
    /// <summary>
    /// Writes to <paramref name="results"/>[k] the dot product of <paramref name="coefficients"/> with
    /// <paramref name="x"/> starting at <c>k · stride</c>, for k = 0..7.
    /// </summary>
    public static void Dot8(ReadOnlySpan<float> x, int stride, ReadOnlySpan<float> coefficients, Span<float> results)
    {
        int n = coefficients.Length;

        // One check up front for the farthest window keeps the unchecked loads below in bounds.
        x = x[..((7 * stride) + n)];
        results = results[..8];
        ref float rx = ref MemoryMarshal.GetReference(x);
        ref float rc = ref MemoryMarshal.GetReference(coefficients);
        nuint s = (nuint)stride;
        int j = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var a0 = Vector<float>.Zero;
            var a1 = Vector<float>.Zero;
            var a2 = Vector<float>.Zero;
            var a3 = Vector<float>.Zero;
            var a4 = Vector<float>.Zero;
            var a5 = Vector<float>.Zero;
            var a6 = Vector<float>.Zero;
            var a7 = Vector<float>.Zero;
            for (; j <= n - Vector<float>.Count; j += Vector<float>.Count)
            {
                nuint at = (nuint)j;
                var c = Vector.LoadUnsafe(ref rc, at);
                a0 = Vector.MultiplyAddEstimate(Vector.LoadUnsafe(ref rx, at), c, a0);
                a1 = Vector.MultiplyAddEstimate(Vector.LoadUnsafe(ref rx, at + s), c, a1);
                a2 = Vector.MultiplyAddEstimate(Vector.LoadUnsafe(ref rx, at + (2 * s)), c, a2);
                a3 = Vector.MultiplyAddEstimate(Vector.LoadUnsafe(ref rx, at + (3 * s)), c, a3);
                a4 = Vector.MultiplyAddEstimate(Vector.LoadUnsafe(ref rx, at + (4 * s)), c, a4);
                a5 = Vector.MultiplyAddEstimate(Vector.LoadUnsafe(ref rx, at + (5 * s)), c, a5);
                a6 = Vector.MultiplyAddEstimate(Vector.LoadUnsafe(ref rx, at + (6 * s)), c, a6);
                a7 = Vector.MultiplyAddEstimate(Vector.LoadUnsafe(ref rx, at + (7 * s)), c, a7);
            }

            results[0] = Vector.Sum(a0);
            results[1] = Vector.Sum(a1);
            results[2] = Vector.Sum(a2);
            results[3] = Vector.Sum(a3);
            results[4] = Vector.Sum(a4);
            results[5] = Vector.Sum(a5);
            results[6] = Vector.Sum(a6);
            results[7] = Vector.Sum(a7);
        }
        else
        {
            results.Clear();
        }

        for (int k = 0; k < 8; k++)
        {
            int offset = k * stride;
            float sum = results[k];
            for (int t = j; t < n; t++)
            {
                sum += x[offset + t] * coefficients[t];
            }

            results[k] = sum;
        }
    }

    /// <summary>Dot product of <paramref name="coefficients"/> with the start of <paramref name="x"/>, summed in the order <see cref="Dot8"/> uses.</summary>
    public static float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> coefficients)
    {
        int n = coefficients.Length;
        x = x[..n];
        ref float rx = ref MemoryMarshal.GetReference(x);
        ref float rc = ref MemoryMarshal.GetReference(coefficients);
        int j = 0;
        float sum = 0f;
        if (Vector.IsHardwareAccelerated)
        {
            var acc = Vector<float>.Zero;
            for (; j <= n - Vector<float>.Count; j += Vector<float>.Count)
            {
                acc = Vector.MultiplyAddEstimate(Vector.LoadUnsafe(ref rx, (nuint)j), Vector.LoadUnsafe(ref rc, (nuint)j), acc);
            }

            sum = Vector.Sum(acc);
        }

        for (; j < n; j++)
        {
            sum += x[j] * coefficients[j];
        }

        return sum;
    }
}
