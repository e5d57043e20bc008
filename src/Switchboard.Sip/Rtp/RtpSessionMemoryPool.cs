namespace Switchboard.Sip.Rtp;

/// <summary>
/// Per-call buffer blocks (<see cref="RtpSessionMemory"/>) for the sessions of one <see cref="RtpPortAllocator"/>: at
/// most one block per port pair is ever out, so the pool never holds more blocks than the range has pairs, and a new
/// call reuses a block an ended call gave back instead of allocating.
/// </summary>
/// <remarks>
/// <para>Blocks come from slabs in the pinned object heap (<see cref="GC.AllocateUninitializedArray{T}(int, bool)"/>
/// with <c>pinned: true</c>), which gen0 and gen1 collections never copy or compact: even the first calls after start
/// add nothing to what an ephemeral collection moves. Slabs are allocated on demand, <see cref="BlocksPerSlab"/> blocks
/// at a time (fewer when the range has fewer pairs left), and kept for the life of the allocator.</para>
/// <para>Thread-safe. A block must be returned once (a second return throws); a block never returned (a session whose
/// constructor failed after its socket loops started) is simply not reused.</para>
/// </remarks>
internal sealed class RtpSessionMemoryPool
{
    /// <summary>Blocks carved from one slab (about 400 kB).</summary>
    public const int BlocksPerSlab = 16;

    private readonly Lock _gate = new();
    private readonly Stack<RtpSessionMemory> _free;
    private readonly int _maxBlocks;
    private int _created;

    /// <param name="maxBlocks">Blocks that may be out at once (the allocator's port pairs); more are allocated unpooled.</param>
    public RtpSessionMemoryPool(int maxBlocks)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBlocks, 1);
        _maxBlocks = maxBlocks;
        _free = new Stack<RtpSessionMemory>(Math.Min(maxBlocks, 1024));
    }

    /// <summary>Blocks allocated so far (in use or free).</summary>
    public int Created
    {
        get
        {
            lock (_gate)
            {
                return _created;
            }
        }
    }

    /// <summary>Blocks waiting to be reused.</summary>
    public int Free
    {
        get
        {
            lock (_gate)
            {
                return _free.Count;
            }
        }
    }

    /// <summary>A block for one session; give it back with <see cref="Return"/> once nothing (no socket loop) can touch it.</summary>
    public RtpSessionMemory Rent()
    {
        RtpSessionMemory block;
        lock (_gate)
        {
            if (_free.Count == 0)
            {
                AddSlab();
            }

            block = _free.Pop();
        }

        if (!block.TryMarkRented())
        {
            throw new InvalidOperationException("A pooled RTP session block was handed out twice.");
        }

        return block;
    }

    /// <summary>Takes a block back for the next session.</summary>
    /// <exception cref="InvalidOperationException">The block was already returned.</exception>
    public void Return(RtpSessionMemory block)
    {
        ArgumentNullException.ThrowIfNull(block);
        if (!block.TryMarkReturned())
        {
            throw new InvalidOperationException("The RTP session block was already returned to the pool.");
        }

        lock (_gate)
        {
            _free.Push(block);
        }
    }

    private void AddSlab()
    {
        // Past the range's pair count (blocks not returned after a failed construction) slabs keep coming one block
        // at a time: correctness first, the waste is bounded by the failures.
        int count = Math.Clamp(_maxBlocks - _created, 1, BlocksPerSlab);
        byte[] slab = GC.AllocateUninitializedArray<byte>(count * RtpSessionMemory.BlockSize, pinned: true);
        for (int i = 0; i < count; i++)
        {
            _free.Push(new RtpSessionMemory(slab.AsMemory(i * RtpSessionMemory.BlockSize, RtpSessionMemory.BlockSize)));
        }

        _created += count;
    }
}
