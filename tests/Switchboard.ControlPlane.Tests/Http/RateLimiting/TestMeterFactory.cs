using System.Diagnostics.Metrics;

namespace Switchboard.ControlPlane.Tests.Http.RateLimiting;

/// <summary>An <see cref="IMeterFactory"/> that records every long counter increment made on its meters.</summary>
internal sealed class TestMeterFactory : IMeterFactory
{
    private readonly List<Meter> _meters = [];
    private readonly MeterListener _listener = new();
    private long _total;

    public TestMeterFactory()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            lock (_meters)
            {
                if (_meters.Contains(instrument.Meter))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, state) =>
        {
            if (instrument.Name == "switchboard.ratelimit.store_failures")
            {
                Interlocked.Add(ref _total, value);
            }
        });
        _listener.Start();
    }

    public long StoreFailures => Interlocked.Read(ref _total);

    public Meter Create(MeterOptions options)
    {
        var meter = new Meter(options);
        lock (_meters)
        {
            _meters.Add(meter);
        }

        return meter;
    }

    public void Dispose()
    {
        _listener.Dispose();
        foreach (var meter in _meters)
        {
            meter.Dispose();
        }
    }
}
