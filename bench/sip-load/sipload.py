#!/usr/bin/env python3
"""Helpers for bench/sip-load/run.sh (standard library only).

  sipload.py audio PATH                 write the looped G.711 mu-law audio SIPp streams (raw, 8 kHz)
  sipload.py sample OUT.tsv ECHO_PID STATS_FILE STOP_FILE MAX_SECONDS [SIPP_PID_FILE]
                                        one line per second: time, CPU and RSS of the echo server (and SIPp),
                                        load average, the echo server's counters; ends when STOP_FILE exists
  sipload.py spacing PCAP               outbound RTP packet spacing per SSRC (prints JSON)
  sipload.py udp-bound FROM TO          UDP sockets bound in a port range (/proc/net/udp and udp6)
  sipload.py report DIR                 the Markdown summary of a run directory (prints it, writes DIR/report.md);
                                        exit 1 if the run missed a correctness goal (setup rate, leaks)
"""

import json
import math
import os
import struct
import sys
import time

CLK_TCK = os.sysconf("SC_CLK_TCK")
FRAME_MS = 20.0


def write_audio(path):
    # Two tones with a slow amplitude swell: not silence, not constant, so an echo of it is recognisable.
    rate, seconds = 8000, 3
    out = bytearray()
    for n in range(rate * seconds):
        t = n / rate
        envelope = 0.55 + 0.45 * math.sin(2 * math.pi * 0.5 * t)
        sample = envelope * (0.25 * math.sin(2 * math.pi * 440 * t) + 0.15 * math.sin(2 * math.pi * 1000 * t))
        out.append(mulaw_encode(int(sample * 32767)))
    with open(path, "wb") as f:
        f.write(out)


def mulaw_encode(pcm):
    # ITU-T G.711 mu-law: bias, segment search, invert.
    bias, clip = 0x84, 32635
    sign = 0x80 if pcm < 0 else 0
    magnitude = min(abs(pcm), clip) + bias
    exponent = 7
    mask = 0x4000
    while exponent > 0 and not magnitude & mask:
        exponent -= 1
        mask >>= 1
    mantissa = (magnitude >> (exponent + 3)) & 0x0F
    return ~(sign | (exponent << 4) | mantissa) & 0xFF


def proc_cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    # utime and stime are fields 14 and 15 of stat(5); after the ")" the list starts at field 3.
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def proc_rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def read_stats(path):
    try:
        with open(path) as f:
            line = f.read().strip()
    except OSError:
        return {}
    # Counters are integers; a few fields (clock_scheduling) are words.
    return {k: int(v) if v.lstrip("-").isdigit() else v for k, v in (p.split("=", 1) for p in line.split() if "=" in p)}


def sample(out_path, echo_pid, stats_path, stop_path, max_seconds, sipp_pid_file=None):
    columns = ["t", "echo_cpu_s", "echo_rss_kb", "sipp_cpu_s", "load1", "active", "rtp_ports_in_use",
               "dialogs", "clock_participants", "clock_ticks", "clock_missed", "clock_late", "answered", "rejected",
               "frames_echoed", "alloc_bytes", "gc0"]
    start = time.monotonic()
    with open(out_path, "w") as out:
        out.write("\t".join(columns) + "\n")
        while time.monotonic() - start < max_seconds and not os.path.exists(stop_path):
            try:
                cpu, rss = proc_cpu_seconds(echo_pid), proc_rss_kb(echo_pid)
            except OSError:
                break
            sipp_cpu = ""
            if sipp_pid_file and os.path.exists(sipp_pid_file):
                try:
                    with open(sipp_pid_file) as f:
                        sipp_cpu = "%.2f" % proc_cpu_seconds(int(f.read().strip()))
                except (OSError, ValueError):
                    sipp_cpu = ""
            with open("/proc/loadavg") as f:
                load1 = f.read().split()[0]
            s = read_stats(stats_path)
            row = ["%.3f" % (time.monotonic() - start), "%.2f" % cpu, str(rss), sipp_cpu, load1] + \
                  [str(s.get(k, "")) for k in columns[5:]]
            out.write("\t".join(row) + "\n")
            out.flush()
            time.sleep(1.0)


def percentile(sorted_values, p):
    if not sorted_values:
        return float("nan")
    k = (len(sorted_values) - 1) * p / 100.0
    lo, hi = math.floor(k), math.ceil(k)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (k - lo)


def read_pcap(path):
    """Yields (time_seconds, udp_src_port, udp_payload) for IPv4 UDP packets."""
    with open(path, "rb") as f:
        header = f.read(24)
        if len(header) < 24:
            return
        magic = struct.unpack("<I", header[:4])[0]
        if magic in (0xA1B2C3D4, 0xA1B23C4D):
            endian = "<"
        else:
            endian = ">"
            magic = struct.unpack(">I", header[:4])[0]
        scale = 1e-9 if magic == 0xA1B23C4D else 1e-6
        linktype = struct.unpack(endian + "I", header[20:24])[0] & 0x0FFFFFFF
        link_offset = {0: 4, 1: 14, 113: 16, 276: 20, 101: 0, 12: 0}.get(linktype)
        if link_offset is None:
            raise SystemExit(f"unsupported pcap link type {linktype}")
        while True:
            record = f.read(16)
            if len(record) < 16:
                return
            sec, frac, caplen, _ = struct.unpack(endian + "IIII", record)
            data = f.read(caplen)
            ip = data[link_offset:]
            if len(ip) < 28 or ip[0] >> 4 != 4 or ip[9] != 17:
                continue
            ihl = (ip[0] & 0x0F) * 4
            udp = ip[ihl:]
            if len(udp) < 8:
                continue
            yield sec + frac * scale, struct.unpack(">H", udp[0:2])[0], udp[8:]


def spacing(pcap_path):
    streams = {}
    times = []
    for t, _, payload in read_pcap(pcap_path):
        if len(payload) < 12 or payload[0] >> 6 != 2:
            continue
        pt = payload[1] & 0x7F
        if pt >= 72 and pt <= 79:  # RTCP
            continue
        seq, ts, ssrc = struct.unpack(">HII", payload[2:12])
        streams.setdefault(ssrc, []).append((t, seq, ts))
        times.append(t)
    # One media clock tick sends every call's packet in one burst; bursts are split at silences over 4 ms.
    times.sort()
    burst_of, starts, ends = {}, [], []
    for i, t in enumerate(times):
        if i == 0 or t - times[i - 1] > 0.004:
            starts.append(t)
            ends.append(t)
        ends[-1] = t
        burst_of[t] = len(starts) - 1
    intervals = sorted(abs((b - a) * 1000.0 - FRAME_MS) for a, b in zip(starts, starts[1:]))
    spreads = sorted((e - b) * 1000.0 for b, e in zip(starts, ends))
    on_time = []
    errors, ts_errors, gaps_over_40, seq_gaps, packets = [], [], 0, 0, 0
    for packets_of_stream in streams.values():
        packets += len(packets_of_stream)
        for (t0, s0, ts0), (t1, s1, ts1) in zip(packets_of_stream, packets_of_stream[1:]):
            gap_ms = (t1 - t0) * 1000.0
            errors.append(abs(gap_ms - FRAME_MS))
            b0, b1 = burst_of[t0], burst_of[t1]
            if b1 == b0 + 1 and abs((starts[b1] - starts[b0]) * 1000.0 - FRAME_MS) <= 3.0:
                on_time.append(abs(gap_ms - FRAME_MS))
            # Against the RTP timestamps: a skipped tick advances the timestamp too, so this is the sender's
            # jitter relative to its own media clock, the figure a receiver's jitter estimate sees.
            ts_errors.append(abs(gap_ms - ((ts1 - ts0) & 0xFFFFFFFF) / 8.0))
            if gap_ms >= 40.0:
                gaps_over_40 += 1
            if (s1 - s0) & 0xFFFF != 1:
                seq_gaps += 1
    errors.sort()
    ts_errors.sort()
    on_time.sort()
    duration = 0.0
    if streams:
        duration = max(p[-1][0] for p in streams.values()) - min(p[0][0] for p in streams.values())
    return {
        "streams": len(streams),
        "packets": packets,
        "gaps": len(errors),
        "capture_seconds": round(duration, 3),
        "gap_error_ms_p50": round(percentile(errors, 50), 3),
        "gap_error_ms_p90": round(percentile(errors, 90), 3),
        "gap_error_ms_p99": round(percentile(errors, 99), 3),
        "gap_error_ms_p999": round(percentile(errors, 99.9), 3),
        "gap_error_ms_max": round(errors[-1], 3) if errors else None,
        "gaps_of_40ms_or_more": gaps_over_40,
        "share_of_gaps_within_2ms": round(sum(1 for e in errors if e < 2.0) / len(errors), 4) if errors else None,
        "ticks": len(starts),
        "tick_start_error_ms_p50": round(percentile(intervals, 50), 3),
        "tick_start_error_ms_p99": round(percentile(intervals, 99), 3),
        "tick_start_error_ms_max": round(intervals[-1], 3) if intervals else None,
        "tick_send_spread_ms_p50": round(percentile(spreads, 50), 3),
        "tick_send_spread_ms_p99": round(percentile(spreads, 99), 3),
        "on_time_ticks_gap_error_ms_p50": round(percentile(on_time, 50), 3),
        "on_time_ticks_gap_error_ms_p99": round(percentile(on_time, 99), 3),
        "sequence_gaps": seq_gaps,
        "vs_rtp_timestamp_error_ms_p50": round(percentile(ts_errors, 50), 3),
        "vs_rtp_timestamp_error_ms_p99": round(percentile(ts_errors, 99), 3),
    }


def udp_bound(first, last):
    ports = []
    for table in ("/proc/net/udp", "/proc/net/udp6"):
        try:
            with open(table) as f:
                next(f)
                for line in f:
                    port = int(line.split()[1].rsplit(":", 1)[1], 16)
                    if first <= port <= last:
                        ports.append(port)
        except OSError:
            continue
    return sorted(ports)


def read_samples(path):
    rows = []
    with open(path) as f:
        header = f.readline().rstrip("\n").split("\t")
        for line in f:
            values = line.rstrip("\n").split("\t")
            row = {}
            for k, v in zip(header, values):
                try:
                    row[k] = float(v) if v != "" else None
                except ValueError:
                    row[k] = None
            rows.append(row)
    return rows


def read_sipp_csv(path):
    with open(path, encoding="latin-1") as f:
        lines = [l.rstrip("\n") for l in f if l.strip()]
    header = lines[0].rstrip(";").split(";")
    last = lines[-1].rstrip(";").split(";")
    return dict(zip(header, last))


def report(run_dir):
    with open(os.path.join(run_dir, "run.json")) as f:
        run = json.load(f)
    samples = read_samples(os.path.join(run_dir, "samples.tsv"))
    sipp = read_sipp_csv(os.path.join(run_dir, "sipp-stats.csv"))
    after = read_stats(os.path.join(run_dir, "echo-stats-after.txt"))
    bound_after = run.get("udp_bound_after", [])
    space = spacing(os.path.join(run_dir, "rtp-out.pcap")) if os.path.exists(os.path.join(run_dir, "rtp-out.pcap")) else None

    total = int(sipp.get("OutgoingCall(C)", 0))
    ok = int(sipp.get("SuccessfulCall(C)", 0))
    failed = int(sipp.get("FailedCall(C)", 0))
    retrans = int(sipp.get("Retransmissions(C)", 0))
    setup_rate = ok / total if total else 0.0

    with_active = [s for s in samples if s.get("active") is not None]
    peak = max((s["active"] for s in with_active), default=0)
    steady = [s for s in with_active if peak and s["active"] >= 0.98 * peak]
    idle_rss = run.get("idle_rss_kb", 0)
    cpu_per_call = mem_per_call = cores = mean_active = sipp_cores = None
    if len(steady) >= 3:
        first, last = steady[0], steady[-1]
        wall = last["t"] - first["t"]
        cores = (last["echo_cpu_s"] - first["echo_cpu_s"]) / wall
        if first.get("sipp_cpu_s") is not None and last.get("sipp_cpu_s") is not None:
            sipp_cores = (last["sipp_cpu_s"] - first["sipp_cpu_s"]) / wall
        mean_active = sum(s["active"] for s in steady) / len(steady)
        cpu_per_call = cores / mean_active
        rss_steady = sorted(s["echo_rss_kb"] for s in steady)
        mem_per_call = (rss_steady[len(rss_steady) // 2] - idle_rss) / mean_active
    loads = [s["load1"] for s in samples if s.get("load1") is not None]
    missed = (samples[-1].get("clock_missed") or 0) - (samples[0].get("clock_missed") or 0) if samples else 0
    ticks = (samples[-1].get("clock_ticks") or 0) - (samples[0].get("clock_ticks") or 0) if samples else 0
    late = (samples[-1].get("clock_late") or 0) - (samples[0].get("clock_late") or 0) if samples else 0

    # Bytes the server allocated per echoed frame, over plateau seconds in which no call was set up (so SIP signalling
    # is left out), and over the whole run (signalling included); GC.GetTotalAllocatedBytes is exact enough at this scale.
    alloc_media = alloc_run = None
    pairs = [(a, b) for a, b in zip(steady, steady[1:])
             if a.get("alloc_bytes") is not None and b.get("alloc_bytes") is not None and a.get("answered") == b.get("answered")]
    media_frames = sum(b["frames_echoed"] - a["frames_echoed"] for a, b in pairs)
    if media_frames > 0:
        alloc_media = sum(b["alloc_bytes"] - a["alloc_bytes"] for a, b in pairs) / media_frames
    with_alloc = [s for s in samples if s.get("alloc_bytes") is not None]
    if with_alloc and after.get("alloc_bytes") is not None and after.get("frames_echoed"):
        run_frames = after["frames_echoed"] - (with_alloc[0].get("frames_echoed") or 0)
        if run_frames > 0:
            alloc_run = (after["alloc_bytes"] - with_alloc[0]["alloc_bytes"]) / run_frames

    leak = {
        "active": after.get("active"),
        "dialogs": after.get("dialogs"),
        "rtp_ports_in_use": after.get("rtp_ports_in_use"),
        "clock_participants": after.get("clock_participants"),
        "udp_sockets_bound_in_range": len(bound_after),
    }
    leaked = any(v != 0 for v in leak.values())
    setup_goal = setup_rate >= 0.999
    spacing_goal = space is not None and space["gap_error_ms_p99"] < 2.0

    def fmt(v, spec):
        return "n/a" if v is None else format(v, spec)

    lines = [
        f"## SIP load run {run['started_utc']} ({run['calls']} calls, {run['rate']} cps, limit {run['limit']}, hold {run['hold_ms']} ms)",
        "",
        f"Machine: {run['nproc']} cores, load average during the run {fmt(min(loads) if loads else None, '.1f')}–{fmt(max(loads) if loads else None, '.1f')} "
        f"(before: {run['load_before']}); {run['dotnet']}; {run['sipp']}.",
        "",
        "| figure | value | goal |",
        "|---|---:|---|",
        f"| call setup success (SIPp SuccessfulCall / OutgoingCall) | {ok} / {total} = {setup_rate * 100:.2f} % (failed {failed}, retransmissions {retrans}) | ≥ 99.9 % {'met' if setup_goal else 'MISSED'} |",
        f"| peak concurrent calls (echo server) | {int(peak)} | {run['limit']} |",
        f"| echo server CPU at the plateau | {fmt(cores, '.2f')} cores over {len(steady)} s, {fmt(mean_active, '.0f')} calls | |",
        f"| CPU per call | {fmt(cpu_per_call * 100 if cpu_per_call else None, '.3f')} % of one core ({fmt(cpu_per_call * 1000 if cpu_per_call else None, '.2f')} ms CPU per call-second) | |",
        f"| SIPp CPU at the plateau (same cores) | {fmt(sipp_cores, '.2f')} cores | |",
        f"| memory per call (RSS at plateau − idle {idle_rss} kB) ÷ calls | {fmt(mem_per_call, '.1f')} kB | |",
        f"| media clock missed ticks during the run | {int(missed)} of {int(ticks)} | |",
        f"| media clock ticks started ≥ 2 ms late during the run; since start: latest start, longest tick | {int(late)} of {int(ticks)}; "
        f"{fmt(after.get('clock_max_late_us', 0) / 1000 if 'clock_max_late_us' in after else None, '.1f')} ms, "
        f"{fmt(after.get('clock_max_tick_us', 0) / 1000 if 'clock_max_tick_us' in after else None, '.1f')} ms | |",
        f"| bytes allocated per echoed frame: plateau seconds without call setups ({len(pairs)} s); whole run, SIP included | "
        f"{fmt(alloc_media, '.1f')} B; {fmt(alloc_run, '.1f')} B | |",
        f"| .NET GCs in the server (gen0 / gen1 / gen2), total pause | {after.get('gc0')} / {after.get('gc1')} / {after.get('gc2')}, {after.get('gc_pause_ms')} ms | |",
        f"| leaks afterwards: active calls / dialogs / RTP ports / clock participants / UDP sockets in range | "
        f"{leak['active']} / {leak['dialogs']} / {leak['rtp_ports_in_use']} / {leak['clock_participants']} / {leak['udp_sockets_bound_in_range']} | all 0 {'met' if not leaked else 'MISSED'} |",
    ]
    if space:
        lines.append(
            f"| outbound packet spacing error \\|gap − 20 ms\\| ({space['streams']} SSRCs, {space['gaps']} gaps, {space['capture_seconds']} s) "
            f"p50 / p99 / p99.9 / max | {space['gap_error_ms_p50']} / {space['gap_error_ms_p99']} / {space['gap_error_ms_p999']} / {space['gap_error_ms_max']} ms "
            f"(gaps ≥ 40 ms: {space['gaps_of_40ms_or_more']}; within 2 ms: {space['share_of_gaps_within_2ms'] * 100:.1f} %) | p99 < 2 ms {'met' if spacing_goal else 'MISSED'} |")
        lines.append(
            f"| … of which: tick start error p50 / p99 / max; one tick's sends spread p50 / p99 ({space['ticks']} ticks) | "
            f"{space['tick_start_error_ms_p50']} / {space['tick_start_error_ms_p99']} / {space['tick_start_error_ms_max']} ms; "
            f"{space['tick_send_spread_ms_p50']} / {space['tick_send_spread_ms_p99']} ms | |")
        lines.append(
            f"| … spacing error over ticks that started within 3 ms of time, p50 / p99 | "
            f"{space['on_time_ticks_gap_error_ms_p50']} / {space['on_time_ticks_gap_error_ms_p99']} ms | |")
    else:
        lines.append("| outbound packet spacing | no capture | p99 < 2 ms MISSED |")
    text = "\n".join(lines) + "\n"
    with open(os.path.join(run_dir, "report.md"), "w") as f:
        f.write(text)
        f.write("\n```json\n" + json.dumps({"spacing": space, "leak": leak, "sipp_last": {k: sipp.get(k) for k in (
            "OutgoingCall(C)", "SuccessfulCall(C)", "FailedCall(C)", "Retransmissions(C)", "FailedMaxUDPRetrans(C)",
            "FailedUnexpectedMessage(C)", "FailedCallRejected(C)", "FailedTimeoutOnRecv(C)", "DeadCallMsgs(C)",
            "OutOfCallMsgs(C)", "ResponseTime1(C)", "CallLength(C)")}}, indent=2) + "\n```\n")
    print(text)
    if space:
        print(json.dumps(space))
    return 0 if setup_goal and not leaked else 1


def main(argv):
    if len(argv) < 2:
        print(__doc__)
        return 2
    command = argv[1]
    if command == "audio" and len(argv) == 3:
        write_audio(argv[2])
        return 0
    if command == "sample" and len(argv) in (7, 8):
        sample(argv[2], int(argv[3]), argv[4], argv[5], float(argv[6]), argv[7] if len(argv) == 8 else None)
        return 0
    if command == "spacing" and len(argv) == 3:
        print(json.dumps(spacing(argv[2]), indent=2))
        return 0
    if command == "udp-bound" and len(argv) == 4:
        print(json.dumps(udp_bound(int(argv[2]), int(argv[3]))))
        return 0
    if command == "report" and len(argv) == 3:
        return report(argv[2])
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
