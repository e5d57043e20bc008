// The web call test page: creates a web call with the API key typed in (kept in sessionStorage only), streams the
// microphone to the call's WebSocket as 16 kHz PCM16 and plays the agent's audio. Protocol: docs/web-calls.md.
const RATE = 16000;
const KEY_STORAGE = 'switchboard.apiKey';
const DEMO_AGENT = 'Acme Dental';

const $ = (id) => document.getElementById(id);
const form = $('call-form');
const keyInput = $('api-key');
const agentInput = $('agent-id');
const agentList = $('agent-list');
const callButton = $('call-button');
const hangupButton = $('hangup-button');
const statusLine = $('status');
const talking = $('talking');
const keypad = $('keypad');
const transcript = $('transcript');

let call = null; // { socket, context, stream, sources, nextTime, ended }

keyInput.value = sessionStorage.getItem(KEY_STORAGE) ?? '';
keyInput.addEventListener('change', () => {
  sessionStorage.setItem(KEY_STORAGE, keyInput.value.trim());
  loadAgents().catch(() => {});
});
if (keyInput.value) loadAgents().catch(() => {});

form.addEventListener('submit', (event) => {
  event.preventDefault();
  start().catch((error) => fail(error.message ?? String(error)));
});
hangupButton.addEventListener('click', () => hangUp());
keypad.addEventListener('click', (event) => {
  const digit = event.target?.dataset?.digit;
  if (digit && call?.socket.readyState === WebSocket.OPEN) call.socket.send(JSON.stringify({ type: 'dtmf', digit }));
});

function setStatus(state, text) {
  statusLine.dataset.state = state;
  statusLine.textContent = text;
}

function fail(message) {
  setStatus('error', message);
  cleanUp();
}

async function api(path, init = {}) {
  const response = await fetch(path, {
    ...init,
    headers: { Authorization: `Bearer ${keyInput.value.trim()}`, 'Content-Type': 'application/json', ...(init.headers ?? {}) },
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.detail ?? body.title ?? `HTTP ${response.status}`);
  return body;
}

async function loadAgents() {
  const page = await api('/api/v1/agents?limit=100');
  agentList.replaceChildren(...page.data.map((agent) => {
    const option = document.createElement('option');
    option.value = agent.id;
    option.label = agent.name;
    return option;
  }));
  const demo = page.data.find((agent) => agent.name === DEMO_AGENT);
  if (!agentInput.value && demo) agentInput.value = demo.id;
  return page.data;
}

async function start() {
  if (call) return;
  sessionStorage.setItem(KEY_STORAGE, keyInput.value.trim());
  callButton.disabled = true;
  transcript.replaceChildren();
  setStatus('connecting', 'Connecting…');
  if (!agentInput.value.trim()) await loadAgents();
  const agentId = agentInput.value.trim();
  if (!agentId) throw new Error(`No agent id, and no agent named ${DEMO_AGENT} was found.`);

  // The microphone first: without it there is no call.
  const stream = await navigator.mediaDevices.getUserMedia({
    audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true, autoGainControl: true },
  });
  const context = new AudioContext();
  await context.audioWorklet.addModule('/call/mic-worklet.js');
  call = { socket: null, context, stream, sources: new Set(), nextTime: 0, ended: false };

  const created = await api('/api/v1/calls/web', { method: 'POST', body: JSON.stringify({ agent_id: agentId }) });
  const socket = new WebSocket(`${created.stream_url}?access_token=${encodeURIComponent(created.access_token)}`);
  socket.binaryType = 'arraybuffer';
  call.socket = socket;
  call.id = created.call_id;

  const microphone = context.createMediaStreamSource(stream);
  const capture = new AudioWorkletNode(context, 'pcm-capture', { numberOfInputs: 1, numberOfOutputs: 1, channelCount: 1 });
  const mute = context.createGain();
  mute.gain.value = 0; // the graph must reach the destination for the worklet to run; the caller must not hear themselves
  microphone.connect(capture).connect(mute).connect(context.destination);
  capture.port.onmessage = (event) => {
    if (socket.readyState === WebSocket.OPEN) socket.send(event.data);
  };

  socket.onopen = () => {
    setStatus('connected', `Connected (${created.call_id})`);
    hangupButton.disabled = false;
    keypad.hidden = false;
  };
  socket.onmessage = (event) => {
    if (typeof event.data === 'string') onEvent(JSON.parse(event.data));
    else play(event.data);
  };
  socket.onerror = () => setStatus('error', 'The connection failed.');
  socket.onclose = () => {
    if (!call?.ended && statusLine.dataset.state !== 'error') setStatus('ended', 'Disconnected');
    cleanUp();
  };
}

function onEvent(message) {
  switch (message.type) {
    case 'call_started':
      setStatus('connected', `In call ${message.call_id}`);
      break;
    case 'agent_start_talking':
      talking.dataset.talking = 'true';
      talking.textContent = 'Agent is talking';
      break;
    case 'agent_stop_talking':
      talking.dataset.talking = 'false';
      talking.textContent = '\u00a0';
      break;
    case 'clear':
      // The caller interrupted: drop the agent audio not yet played.
      for (const source of call.sources) source.stop();
      call.sources.clear();
      call.nextTime = 0;
      break;
    case 'transcript':
      addLine(message.role, message.text);
      break;
    case 'dtmf':
      addLine('agent', `[keypad: ${message.digits}]`);
      break;
    case 'call_ended':
      call.ended = true;
      setStatus('ended', `Call ended (${message.reason})`);
      break;
    case 'error':
      setStatus('error', `${message.code}: ${message.message}`);
      break;
    default:
      break;
  }
}

function addLine(role, text) {
  const line = document.createElement('li');
  line.className = `line ${role}`;
  line.dataset.role = role;
  const who = document.createElement('span');
  who.className = 'role';
  who.textContent = `${role}: `;
  const said = document.createElement('span');
  said.className = 'text';
  said.textContent = text;
  line.append(who, said);
  transcript.append(line);
}

// Agent audio arrives as 20 ms PCM16 frames; each is scheduled right after the previous one.
function play(data) {
  if (!call) return;
  const samples = new Int16Array(data);
  const buffer = call.context.createBuffer(1, samples.length, RATE);
  const channel = buffer.getChannelData(0);
  for (let i = 0; i < samples.length; i++) channel[i] = samples[i] / 0x8000;
  const source = call.context.createBufferSource();
  source.buffer = buffer;
  source.connect(call.context.destination);
  const now = call.context.currentTime;
  // A small lead absorbs network jitter; falling behind restarts the schedule instead of piling up delay.
  if (call.nextTime < now) call.nextTime = now + 0.06;
  source.start(call.nextTime);
  call.nextTime += buffer.duration;
  call.sources.add(source);
  source.onended = () => call?.sources.delete(source);
}

function hangUp() {
  if (call?.socket?.readyState === WebSocket.OPEN) call.socket.send(JSON.stringify({ type: 'hangup' }));
  else cleanUp();
}

function cleanUp() {
  const current = call;
  call = null;
  callButton.disabled = false;
  hangupButton.disabled = true;
  keypad.hidden = true;
  talking.dataset.talking = 'false';
  talking.textContent = '\u00a0';
  if (!current) return;
  current.stream?.getTracks().forEach((track) => track.stop());
  if (current.socket && current.socket.readyState <= WebSocket.OPEN) current.socket.close();
  // Let the agent's last words play out before the audio graph goes.
  const left = Math.max(0, current.nextTime - current.context.currentTime);
  setTimeout(() => current.context.close().catch(() => {}), left * 1000 + 100);
}
