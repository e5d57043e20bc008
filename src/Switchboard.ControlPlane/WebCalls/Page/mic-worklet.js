// Captures the microphone inside the audio graph, resamples it to 16 kHz mono PCM16 and posts 20 ms frames
// (320 samples, 640 bytes) to the page, which sends them over the call's WebSocket.
const TARGET_RATE = 16000;
const FRAME = 320;

class PcmCapture extends AudioWorkletProcessor {
  constructor() {
    super();
    this.step = sampleRate / TARGET_RATE; // input samples per output sample
    this.position = 0; // fractional read position into the pending input
    this.pending = new Float32Array(0);
    this.frame = new Int16Array(FRAME);
    this.fill = 0;
  }

  process(inputs) {
    const channel = inputs[0] && inputs[0][0];
    if (!channel) return true;
    // Keep what the last block left unread, then read it at 16 kHz: each output sample averages the input
    // samples it covers, a cheap low-pass against aliasing.
    const input = new Float32Array(this.pending.length + channel.length);
    input.set(this.pending);
    input.set(channel, this.pending.length);
    let position = this.position;
    while (position + this.step <= input.length) {
      const start = Math.floor(position);
      const end = Math.floor(position + this.step);
      let sum = 0;
      for (let i = start; i < end; i++) sum += input[i];
      const value = end > start ? sum / (end - start) : input[start];
      const clamped = Math.max(-1, Math.min(1, value));
      this.frame[this.fill++] = clamped < 0 ? clamped * 0x8000 : clamped * 0x7fff;
      if (this.fill === FRAME) {
        const out = new Int16Array(this.frame);
        this.port.postMessage(out.buffer, [out.buffer]);
        this.fill = 0;
      }
      position += this.step;
    }
    const consumed = Math.floor(position);
    this.pending = input.slice(consumed);
    this.position = position - consumed;
    return true;
  }
}

registerProcessor('pcm-capture', PcmCapture);
