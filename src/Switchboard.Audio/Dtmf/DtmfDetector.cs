namespace Switchboard.Audio.Dtmf;

/// <summary>
/// Streaming DTMF detector for PCM16 at 8 kHz or 16 kHz, built to ITU-T Q.24 / Bellcore practice: it recognises
/// tones of at least 40 ms separated by pauses of at least 40 ms, from −25 to 0 dBm0 per tone, within ±1.5 % of
/// nominal frequency, with up to 8 dB forward and 4 dB reverse twist, and rejects tones of 23 ms or less and tones
/// off by 3.5 % or more.
/// </summary>
/// <remarks>
/// <para>The signal is cut into 10 ms blocks. Each block goes through the classic DTMF checks (absolute energy,
/// twist, relative peak against the other tones of the group, share of the block's total energy, second harmonic)
/// and a frequency check that measures each tone's frequency from the phase advance of a Hann-windowed DFT over
/// half a block, which is what makes ±1.5 % / ±3.5 % separable in 10 ms. A block also has to be at least 3/4
/// filled by the tone (energy share corrected for the measured offset), so a 23 ms tone never makes three blocks.
/// A digit starts after three consecutive valid blocks of the same digit whose mean frequency is within 2.5 % and of
/// which at least one is explained to 92 % by the two tones alone (a least-squares fit at the measured frequencies,
/// <see cref="TwoToneFit"/>: the check of energy outside the two tones that tells a key press from a voice whose
/// harmonics happen to sit on a digit), and ends after three blocks without it; it is then reported, unless its
/// frequencies glided like a voice harmonic (checked on digits of 60 ms or more).</para>
/// <para>The bins are single-frequency DFTs, computed as SIMD dot products of the block with precomputed cosine and
/// sine rows (<see cref="DtmfBasis"/>) rather than by Goertzel recurrences, and the checks run cheapest first: most
/// blocks (silence, speech) stop at the energy or the Hann-bin gates before any rectangular bin, harmonic or phase
/// is computed, and the two-tone fit runs only on blocks that passed everything else and could start a digit.</para>
/// <para>Not thread-safe: one instance per stream, fed from one thread at a time. <see cref="Process"/> accepts
/// chunks of any size, keeps state across calls and does not allocate (the internal event queue grows only if the
/// caller lets more than 16 events pile up without reading them).</para>
/// </remarks>
public sealed class DtmfDetector
{
    private const int BlocksToStart = 3;
    private const int BlocksToEnd = 3;
    private const double MinToneLevelDbm0 = -30.0;
    private const double MaxForwardTwistDb = 12.0;
    private const double MaxReverseTwistDb = 8.0;
    private const double RelativePeakDb = 6.0;
    private const double MinBlockFill = 0.78;
    private const double MaxSecondHarmonicDb = -12.0;
    private const double MaxBlockFrequencyDeviation = 0.04;
    private const double MaxOnsetFrequencyDeviation = 0.025;
    private const double MaxGlideHz = 12.0;
    private const double MinOnsetPurity = 0.92;
    private const int GlideHistory = 64;

    private static readonly double MinTonePower = DtmfTones.MeanSquareFromDbm0(MinToneLevelDbm0);
    private static readonly double ForwardTwist = Math.Pow(10.0, MaxForwardTwistDb / 10.0);
    private static readonly double ReverseTwist = Math.Pow(10.0, MaxReverseTwistDb / 10.0);
    private static readonly double RelativePeak = Math.Pow(10.0, RelativePeakDb / 10.0);
    private static readonly double SecondHarmonic = Math.Pow(10.0, MaxSecondHarmonicDb / 10.0);

    private readonly int _blockSize;
    private readonly int _halfBlock;
    private readonly DtmfBasis _basis;

    // The second half of the previous block followed by the current block, contiguous, so the half-block-shifted
    // window of the frequency measurement is a plain slice: [0, half) previous, [half, half + blockSize) current.
    private readonly float[] _window;
    private readonly double[] _halfHopPhase = new double[8];
    private readonly double[] _power = new double[8];

    // Hann-windowed DFT of the current block per tone (X = re − j·im, im holding Σ x·w·sin), kept for the
    // frequency measurement so its "current" half is not computed twice.
    private readonly float[] _hannRe = new float[8];
    private readonly float[] _hannIm = new float[8];
    private readonly Queue<DtmfDigitEvent> _events = new(16);

    private int _fill;
    private long _blockStart;
    private bool _hasPreviousBlock;

    // Relative frequency deviations measured in the last BlocksToStart blocks of the current run (a ring).
    private readonly double[] _runRowDeviation = new double[BlocksToStart];
    private readonly double[] _runColDeviation = new double[BlocksToStart];
    private readonly double[] _runPurity = new double[BlocksToStart];
    private readonly double[] _eventRowDeviation = new double[GlideHistory];
    private readonly double[] _eventColDeviation = new double[GlideHistory];
    private int _eventBlocks;
    private double _rowDeviation;
    private double _colDeviation;
    private double _purity;

    private int _runDigit = -1;
    private int _runCount;
    private long _runStart;

    private int _activeDigit = -1;
    private long _activeStart;
    private long _activeEnd;
    private int _missCount;

    /// <summary>Creates a detector for PCM16 at <paramref name="sampleRate"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="sampleRate"/> is neither 8000 nor 16000.</exception>
    public DtmfDetector(int sampleRate)
    {
        if (sampleRate is not (8000 or 16000))
        {
            throw new ArgumentOutOfRangeException(nameof(sampleRate), sampleRate, "DTMF detection supports 8000 Hz and 16000 Hz.");
        }

        SampleRate = sampleRate;
        _blockSize = sampleRate / 100;
        _halfBlock = _blockSize / 2;
        _basis = DtmfBasis.For(sampleRate);
        _window = new float[_halfBlock + _blockSize];
        for (int k = 0; k < 8; k++)
        {
            double f = k < 4 ? DtmfTones.RowFrequencies[k] : DtmfTones.ColumnFrequencies[k - 4];
            _halfHopPhase[k] = 2.0 * Math.PI * f / sampleRate * _halfBlock;
        }
    }

    /// <summary>The sample rate given at construction.</summary>
    public int SampleRate { get; }

    /// <summary>
    /// The digit being held right now (after its onset was confirmed, before its end), or <c>null</c>. Lets a caller
    /// react to a key press (e.g. barge-in) before the digit's duration is known.
    /// </summary>
    public char? ActiveDigit => _activeDigit >= 0 ? DtmfTones.Keys[_activeDigit] : null;

    /// <summary>Total number of samples given to <see cref="Process"/> since construction or <see cref="Reset"/>.</summary>
    public long SamplesProcessed => _blockStart + _fill;

    /// <summary>Why the last analysed block was or was not a digit; for diagnostics and tests.</summary>
    internal BlockVerdict LastVerdict { get; private set; }

    /// <summary>Twist (column over row, dB) and frequency offsets measured in the last block that got that far.</summary>
    internal (double TwistDb, double RowOffsetHz, double ColOffsetHz) LastMeasurement { get; private set; }

    /// <summary>Share of the last digit-like block's energy explained by its two tones at their measured frequencies.</summary>
    internal double LastPurity { get; private set; }

    /// <summary>Onsets (three digit-like blocks on frequency) refused because no block was pure enough; for diagnostics and tests.</summary>
    internal long ImpureOnsetsRejected { get; private set; }

    /// <summary>Tones that passed every block check but whose frequencies glided like a voice; not reported.</summary>
    public long GlidesRejected { get; private set; }

    /// <summary>Number of completed digits waiting in <see cref="TryReadEvent"/>.</summary>
    public int PendingEvents => _events.Count;

    /// <summary>Feeds the next chunk of the stream; any length, including empty.</summary>
    public void Process(ReadOnlySpan<short> samples)
    {
        while (!samples.IsEmpty)
        {
            int take = Math.Min(samples.Length, _blockSize - _fill);
            Span<float> dst = _window.AsSpan(_halfBlock + _fill, take);
            for (int i = 0; i < take; i++)
            {
                dst[i] = samples[i];
            }

            _fill += take;
            samples = samples[take..];
            if (_fill == _blockSize)
            {
                int candidate = AnalyzeBlock();
                Advance(candidate, _blockStart, _blockStart + _blockSize);
                _window.AsSpan(_blockSize, _halfBlock).CopyTo(_window);
                _hasPreviousBlock = true;
                _blockStart += _blockSize;
                _fill = 0;
            }
        }
    }

    /// <summary>Takes the oldest completed digit, if any. Digits are reported once, when they end.</summary>
    public bool TryReadEvent(out DtmfDigitEvent digitEvent) => _events.TryDequeue(out digitEvent);

    /// <summary>
    /// Declares the end of the stream: a digit still being held is completed and queued. Samples of an unfinished
    /// block are not analysed (they are less than 10 ms).
    /// </summary>
    public void Flush()
    {
        if (_activeDigit >= 0)
        {
            EmitActive();
        }

        _runDigit = -1;
        _runCount = 0;
    }

    /// <summary>Forgets all state and queued events, as if newly constructed.</summary>
    public void Reset()
    {
        _events.Clear();
        _fill = 0;
        _blockStart = 0;
        _hasPreviousBlock = false;
        _runDigit = -1;
        _runCount = 0;
        _activeDigit = -1;
        _missCount = 0;
    }

    private void Advance(int candidate, long blockStart, long blockEnd)
    {
        if (candidate >= 0 && candidate == _runDigit)
        {
            _runCount++;
        }
        else
        {
            _runDigit = candidate;
            _runCount = candidate >= 0 ? 1 : 0;
            _runStart = blockStart;
        }

        if (candidate >= 0)
        {
            _runRowDeviation[_runCount % BlocksToStart] = _rowDeviation;
            _runColDeviation[_runCount % BlocksToStart] = _colDeviation;
            _runPurity[_runCount % BlocksToStart] = _purity;
        }

        if (_activeDigit >= 0)
        {
            if (candidate == _activeDigit)
            {
                _missCount = 0;
                _activeEnd = blockEnd;
                RecordEventBlock(_rowDeviation, _colDeviation);
            }
            else if (++_missCount >= BlocksToEnd || (_runCount >= BlocksToStart && _runDigit != _activeDigit))
            {
                EmitActive();
            }
        }

        if (_activeDigit < 0 && _runCount >= BlocksToStart && IsRunOnFrequency() && IsRunPure())
        {
            _activeDigit = _runDigit;
            _activeStart = _runStart;
            _activeEnd = blockEnd;
            _missCount = 0;
            _eventBlocks = 0;
            for (int i = BlocksToStart - 1; i >= 0; i--)
            {
                int slot = (_runCount - i) % BlocksToStart;
                RecordEventBlock(_runRowDeviation[slot], _runColDeviation[slot]);
            }
        }
    }

    private void RecordEventBlock(double rowDeviation, double colDeviation)
    {
        if (_eventBlocks < GlideHistory)
        {
            _eventRowDeviation[_eventBlocks] = rowDeviation;
            _eventColDeviation[_eventBlocks] = colDeviation;
            _eventBlocks++;
        }
    }

    /// <summary>
    /// A key press holds its frequencies; voiced speech glides (a voice whose 7th and 9th harmonics sat on 941 and
    /// 1209 Hz for 60 ms moved 28 and 35 Hz meanwhile). Compares the mean frequency of the first and second half of
    /// the digit's interior blocks; per-block noise at the worst Q.24 conditions is a few hertz, so 12 Hz leaves
    /// margin. Digits shorter than 60 ms are too short to judge and are not checked.
    /// </summary>
    private bool IsGliding()
    {
        // The first and last blocks are usually partly filled, and a truncated window biases the phase-based
        // estimate, so only interior blocks count, and only when there are enough of them to average the noise.
        int first = 1;
        int count = _eventBlocks - 2;
        if (count < 4)
        {
            return false;
        }

        int half = count / 2;
        double row = 0.0;
        double col = 0.0;
        for (int i = 0; i < half; i++)
        {
            row += _eventRowDeviation[first + count - 1 - i] - _eventRowDeviation[first + i];
            col += _eventColDeviation[first + count - 1 - i] - _eventColDeviation[first + i];
        }

        double rowHz = Math.Abs(row / half) * DtmfTones.RowFrequencies[_activeDigit / 4];
        double colHz = Math.Abs(col / half) * DtmfTones.ColumnFrequencies[_activeDigit % 4];
        return rowHz > MaxGlideHz || colHz > MaxGlideHz;
    }

    /// <summary>
    /// One block's frequency measurement has a few hertz of noise at low levels, too much to split ±1.5 % from
    /// ±3.5 % on its own (at 697 Hz that is 10.5 Hz against 24.4 Hz); the mean over the blocks that confirm the
    /// onset has √3 less, so single blocks get a loose limit and the onset the real one.
    /// </summary>
    private bool IsRunOnFrequency()
    {
        double row = 0.0;
        double col = 0.0;
        for (int i = 0; i < BlocksToStart; i++)
        {
            row += _runRowDeviation[i];
            col += _runColDeviation[i];
        }

        return Math.Abs(row / BlocksToStart) <= MaxOnsetFrequencyDeviation
            && Math.Abs(col / BlocksToStart) <= MaxOnsetFrequencyDeviation;
    }

    /// <summary>
    /// A key press is two steady tones and little else; a voice that happens to put two harmonics on a digit's
    /// frequencies also has its other harmonics, and they glide within the block. Over the blocks that confirm the
    /// onset, at least one must be explained by the two tones to <see cref="MinOnsetPurity"/>: 15 dB SNR leaves a
    /// steady tone pair about 0.97 (0.94 when two 0 dBm0 tones clip), while the voiced speech that came closest
    /// (espeak-ng en+f3, harmonics 7 and 9 of 134 Hz on 941 and 1209 Hz) never exceeded 0.88. The best block rather
    /// than every block is asked for, because the run's first block is often only partly filled by the tone.
    /// </summary>
    private bool IsRunPure()
    {
        for (int i = 0; i < BlocksToStart; i++)
        {
            if (_runPurity[i] >= MinOnsetPurity)
            {
                return true;
            }
        }

        ImpureOnsetsRejected++;
        return false;
    }

    private void EmitActive()
    {
        char digit = DtmfTones.Keys[_activeDigit];
        if (IsGliding())
        {
            GlidesRejected++;
            _activeDigit = -1;
            _missCount = 0;
            return;
        }

        _events.Enqueue(new DtmfDigitEvent(digit, _activeStart, SamplesToTime(_activeStart), SamplesToTime(_activeEnd - _activeStart)));
        _activeDigit = -1;
        _missCount = 0;
    }

    private TimeSpan SamplesToTime(long samples) => TimeSpan.FromTicks(samples * TimeSpan.TicksPerSecond / SampleRate);

    /// <summary>Returns the keypad index of the digit this block carries, or −1.</summary>
    private int AnalyzeBlock()
    {
        ReadOnlySpan<float> block = _window.AsSpan(_halfBlock, _blockSize);
        double meanSquare = (double)BlockDot.SumOfSquares(block) / _blockSize;
        if (meanSquare < MinTonePower)
        {
            LastVerdict = BlockVerdict.Energy;
            return -1;
        }

        // Tone selection, relative peak, level and twist use Hann-windowed bins: with the rectangular window a
        // column tone 8 dB louder leaks enough into a row bin 268 Hz away (1209 vs 941 Hz) to swing that row's
        // power by ±2 dB and even hand the maximum to the wrong row. The Hann window sums to N/2, so this scale
        // makes a sine of mean square m read m.
        double hannScale = 8.0 / ((double)_blockSize * _blockSize);
        for (int k = 0; k < 8; k += 2)
        {
            BlockDot.Dot4(
                block,
                _basis.HannCos(k),
                _basis.HannSin(k),
                _basis.HannCos(k + 1),
                _basis.HannSin(k + 1),
                out _hannRe[k],
                out _hannIm[k],
                out _hannRe[k + 1],
                out _hannIm[k + 1]);
        }

        for (int k = 0; k < 8; k++)
        {
            double re = _hannRe[k];
            double im = _hannIm[k];
            _power[k] = ((re * re) + (im * im)) * hannScale;
        }

        int row = ArgMax(0);
        int col = ArgMax(4);
        double rowPower = _power[row];
        double colPower = _power[col];
        if (rowPower < MinTonePower || colPower < MinTonePower)
        {
            LastVerdict = BlockVerdict.Level;
            return -1;
        }

        if (colPower > rowPower * ForwardTwist || rowPower > colPower * ReverseTwist)
        {
            LastVerdict = BlockVerdict.Twist;
            return -1;
        }

        if (!IsRelativePeak(row, 0) || !IsRelativePeak(col, 4))
        {
            LastVerdict = BlockVerdict.RelativePeak;
            return -1;
        }

        // The rectangular bins and the harmonic are computed only for blocks that passed the cheap gates above.
        double rectScale = 2.0 / ((double)_blockSize * _blockSize);
        BlockDot.Dot4(
            block,
            _basis.RectCos(row),
            _basis.RectSin(row),
            _basis.RectCos(col),
            _basis.RectSin(col),
            out float rowRe,
            out float rowIm,
            out float colRe,
            out float colIm);
        double rowRect = (((double)rowRe * rowRe) + ((double)rowIm * rowIm)) * rectScale;
        double colRect = (((double)colRe * colRe) + ((double)colIm * colIm)) * rectScale;

        // Only the column's harmonic is checked: twice a row frequency lands within a bin of a column tone
        // (2 × 697 = 1394 next to 1336), so the row's "harmonic" bin would mostly measure the digit itself.
        ReadOnlySpan<float> harmonicCos = _basis.RectCos(col + 4);
        ReadOnlySpan<float> harmonicSin = _basis.RectSin(col + 4);
        BlockDot.Dot4(block, harmonicCos, harmonicSin, harmonicCos, harmonicSin, out float harmRe, out float harmIm, out _, out _);
        double harmonic = (((double)harmRe * harmRe) + ((double)harmIm * harmIm)) * rectScale;
        if (harmonic > colRect * SecondHarmonic)
        {
            LastVerdict = BlockVerdict.Harmonic;
            return -1;
        }

        if (!_hasPreviousBlock)
        {
            LastVerdict = BlockVerdict.Frequency;
            return -1;
        }

        (double rowOffsetHz, double colOffsetHz) = MeasureOffsetsHz(row, col);
        LastMeasurement = (10.0 * Math.Log10(colPower / rowPower), rowOffsetHz, colOffsetHz);

        _rowDeviation = rowOffsetHz / DtmfTones.RowFrequencies[row];
        _colDeviation = colOffsetHz / DtmfTones.ColumnFrequencies[col - 4];
        if (Math.Abs(_rowDeviation) > MaxBlockFrequencyDeviation || Math.Abs(_colDeviation) > MaxBlockFrequencyDeviation)
        {
            LastVerdict = BlockVerdict.Frequency;
            return -1;
        }

        // The share of the block's energy in the two rectangular bins, divided by what a block full of this tone
        // pair would give at the measured offsets, estimates how much of the block the tone fills. Requiring 3/4
        // keeps a 23 ms tone from ever making three blocks (7.5 + 10 + 7.5 ms > 23 ms), while a 40 ms tone
        // always fills three blocks completely.
        double binHz = (double)SampleRate / _blockSize;
        double expectedShare = ((rowPower * RectangularLoss(rowOffsetHz / binHz)) + (colPower * RectangularLoss(colOffsetHz / binHz)))
            / (rowPower + colPower);
        double fill = (rowRect + colRect) / (meanSquare * expectedShare);
        if (fill < MinBlockFill)
        {
            LastVerdict = BlockVerdict.EnergyShare;
            return -1;
        }

        int digit = (row * 4) + (col - 4);

        // Purity only decides onsets, so only blocks that passed every cheaper check and are not continuing the digit
        // already held pay for the fit (NaN can never satisfy an onset, should such a block ever reach one).
        _purity = double.NaN;
        if (digit != _activeDigit)
        {
            double radiansPerHz = 2.0 * Math.PI / SampleRate;
            _purity = TwoToneFit.ExplainedShare(
                block,
                meanSquare * _blockSize,
                (DtmfTones.RowFrequencies[row] + rowOffsetHz) * radiansPerHz,
                (DtmfTones.ColumnFrequencies[col - 4] + colOffsetHz) * radiansPerHz);
            LastPurity = _purity;
        }

        LastVerdict = BlockVerdict.Digit;
        return digit;
    }

    /// <summary>Power a rectangular-window bin loses for a tone <paramref name="bins"/> away from its centre (sinc²), floored at 1/2.</summary>
    private static double RectangularLoss(double bins)
    {
        double x = Math.PI * Math.Abs(bins);
        if (x < 1e-9)
        {
            return 1.0;
        }

        double sinc = Math.Sin(x) / x;
        return Math.Max(0.5, sinc * sinc);
    }

    private int ArgMax(int first)
    {
        int best = first;
        for (int k = first + 1; k < first + 4; k++)
        {
            if (_power[k] > _power[best])
            {
                best = k;
            }
        }

        return best;
    }

    /// <summary>
    /// The winner must stand <see cref="RelativePeakDb"/> above the tones of its group that are not its immediate
    /// neighbours (Hann bins, where a tone 1.5 % off still leaves those 14 dB down). Immediate neighbours are 73–89 Hz
    /// away, inside the Hann main lobe of a 10 ms block, so they only have to be weaker; the frequency measurement
    /// then tells the two apart to a few hertz.
    /// </summary>
    private bool IsRelativePeak(int winner, int first)
    {
        double limit = _power[winner] / RelativePeak;
        for (int k = first; k < first + 4; k++)
        {
            if (Math.Abs(k - winner) > 1 && _power[k] > limit)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Measures the two tones' offsets from nominal frequency from the phase advance between two Hann-windowed DFTs
    /// half a block apart: one spanning the second half of the previous block and the first half of this one, one
    /// over this block (already computed for the level checks). Half-block hops keep it unambiguous to
    /// ±fs/blockSize (±100 Hz); the window keeps the other tone of the pair from leaking into the phase.
    /// </summary>
    private (double RowHz, double ColHz) MeasureOffsetsHz(int row, int col)
    {
        BlockDot.Dot4(
            _window.AsSpan(0, _blockSize),
            _basis.HannCos(row),
            _basis.HannSin(row),
            _basis.HannCos(col),
            _basis.HannSin(col),
            out float rowRe,
            out float rowIm,
            out float colRe,
            out float colIm);
        return (PhaseAdvanceHz(row, rowRe, rowIm), PhaseAdvanceHz(col, colRe, colIm));
    }

    private double PhaseAdvanceHz(int k, double midRe, double midSin)
    {
        // Both bins are X = re − j·sin-sum; arg(cur · conj(mid)) is the phase the tone advanced over half a block.
        double curRe = _hannRe[k];
        double curIm = -_hannIm[k];
        double midIm = -midSin;
        double re = (curRe * midRe) + (curIm * midIm);
        double im = (curIm * midRe) - (curRe * midIm);
        double advance = Math.IEEERemainder(Math.Atan2(im, re) - _halfHopPhase[k], 2.0 * Math.PI);
        return advance * SampleRate / (2.0 * Math.PI * _halfBlock);
    }
}
