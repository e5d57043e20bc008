using System.Runtime.InteropServices;

namespace Switchboard.Speech.Flite;

/// <summary>Owns a <c>cst_wave*</c> returned by <c>flite_text_to_wave</c>; released with <c>delete_wave</c>.</summary>
internal sealed class FliteWaveHandle : SafeHandle
{
    public FliteWaveHandle()
        : base(nint.Zero, ownsHandle: true)
    {
    }

    internal FliteWaveHandle(nint wave)
        : base(nint.Zero, ownsHandle: true)
    {
        SetHandle(wave);
    }

    public override bool IsInvalid => handle == nint.Zero;

    /// <summary>Copies the samples out; the wave is mono PCM16 at <paramref name="sampleRate"/>.</summary>
    internal unsafe short[] CopySamples(out int sampleRate)
    {
        bool added = false;
        DangerousAddRef(ref added);
        try
        {
            var wave = (FliteNative.CstWave*)handle;
            sampleRate = wave->SampleRate;
            if (wave->NumChannels != 1)
            {
                throw new SpeechException($"flite returned {wave->NumChannels} channels; only mono is supported.");
            }

            int count = wave->NumSamples;
            if (count <= 0 || wave->Samples == nint.Zero)
            {
                return [];
            }

            return new ReadOnlySpan<short>((void*)wave->Samples, count).ToArray();
        }
        finally
        {
            if (added)
            {
                DangerousRelease();
            }
        }
    }

    protected override bool ReleaseHandle()
    {
        FliteNative.DeleteWave(handle);
        return true;
    }
}
