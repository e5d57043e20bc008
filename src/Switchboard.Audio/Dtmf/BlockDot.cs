using System.Numerics;
using System.Runtime.InteropServices;

namespace Switchboard.Audio.Dtmf;

/// <summary>SIMD dot products of one analysis block against several DFT basis rows at once.</summary>
internal static class BlockDot
{
    /// <summary>
    /// Computes the dot products of <paramref name="x"/> with four rows in one pass over <paramref name="x"/>. Four
    /// independent accumulators keep the fused multiply-adds from waiting on each other, which is where a single
    /// Goertzel recurrence (one long dependency chain per bin) loses its time.
    /// </summary>
    public static void Dot4(
        ReadOnlySpan<float> x,
        ReadOnlySpan<float> a,
        ReadOnlySpan<float> b,
        ReadOnlySpan<float> c,
        ReadOnlySpan<float> d,
        out float dotA,
        out float dotB,
        out float dotC,
        out float dotD)
    {
        int n = x.Length;

        // Slicing to the block length checks every row once, so the unchecked loads below stay in bounds.
        a = a[..n];
        b = b[..n];
        c = c[..n];
        d = d[..n];
        ref float rx = ref MemoryMarshal.GetReference(x);
        ref float ra = ref MemoryMarshal.GetReference(a);
        ref float rb = ref MemoryMarshal.GetReference(b);
        ref float rc = ref MemoryMarshal.GetReference(c);
        ref float rd = ref MemoryMarshal.GetReference(d);
        int i = 0;
        float sa = 0f;
        float sb = 0f;
        float sc = 0f;
        float sd = 0f;
        if (Vector.IsHardwareAccelerated)
        {
            var va = Vector<float>.Zero;
            var vb = Vector<float>.Zero;
            var vc = Vector<float>.Zero;
            var vd = Vector<float>.Zero;
            for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
            {
                var vx = Vector.LoadUnsafe(ref rx, (nuint)i);
                va = Vector.MultiplyAddEstimate(vx, Vector.LoadUnsafe(ref ra, (nuint)i), va);
                vb = Vector.MultiplyAddEstimate(vx, Vector.LoadUnsafe(ref rb, (nuint)i), vb);
                vc = Vector.MultiplyAddEstimate(vx, Vector.LoadUnsafe(ref rc, (nuint)i), vc);
                vd = Vector.MultiplyAddEstimate(vx, Vector.LoadUnsafe(ref rd, (nuint)i), vd);
            }

            sa = Vector.Sum(va);
            sb = Vector.Sum(vb);
            sc = Vector.Sum(vc);
            sd = Vector.Sum(vd);
        }

        for (; i < n; i++)
        {
            float v = x[i];
            sa += v * a[i];
            sb += v * b[i];
            sc += v * c[i];
            sd += v * d[i];
        }

        dotA = sa;
        dotB = sb;
        dotC = sc;
        dotD = sd;
    }

    /// <summary>Sum of squares of <paramref name="x"/>.</summary>
    public static float SumOfSquares(ReadOnlySpan<float> x)
    {
        ref float rx = ref MemoryMarshal.GetReference(x);
        int n = x.Length;
        int i = 0;
        float sum = 0f;
        if (Vector.IsHardwareAccelerated)
        {
            var even = Vector<float>.Zero;
            var odd = Vector<float>.Zero;
            for (; i <= n - (2 * Vector<float>.Count); i += 2 * Vector<float>.Count)
            {
                var v0 = Vector.LoadUnsafe(ref rx, (nuint)i);
                var v1 = Vector.LoadUnsafe(ref rx, (nuint)(i + Vector<float>.Count));
                even = Vector.MultiplyAddEstimate(v0, v0, even);
                odd = Vector.MultiplyAddEstimate(v1, v1, odd);
            }

            sum = Vector.Sum(even + odd);
        }

        for (; i < n; i++)
        {
            sum += x[i] * x[i];
        }

        return sum;
    }
}
