// Receiver for the webhook throughput/latency benchmark. For the first arrival of each webhook-id it records
// commit-to-first-attempt latency: arrival time minus the envelope's created_at (stamped when the event is
// committed through the outbox). Usage: node latency-receiver.js PORT
// GET /stats -> {unique,total,first_ms,last_ms,p50_ms,p99_ms,max_ms}; POST /reset clears everything.
const http = require("http");
const port = Number(process.argv[2]);
let seen = new Set(), latencies = [], total = 0, first = 0, last = 0;
const pct = (sorted, p) => sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] : null;
http.createServer((req, res) => {
  if (req.method === "GET" && req.url === "/stats") {
    const sorted = [...latencies].sort((a, b) => a - b);
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ unique: seen.size, total, first_ms: first, last_ms: last,
      p50_ms: pct(sorted, 0.5), p99_ms: pct(sorted, 0.99), max_ms: sorted.length ? sorted[sorted.length - 1] : null }));
    return;
  }
  if (req.method === "POST" && req.url === "/reset") {
    seen = new Set(); latencies = []; total = 0; first = 0; last = 0;
    res.end();
    return;
  }
  const chunks = [];
  req.on("data", c => chunks.push(c));
  req.on("end", () => {
    const now = Date.now();
    total++;
    const id = req.headers["webhook-id"];
    if (!seen.has(id)) {
      seen.add(id);
      if (!first) first = now;
      last = now;
      try { latencies.push(now - Date.parse(JSON.parse(Buffer.concat(chunks).toString()).created_at)); } catch { }
    }
    res.statusCode = 204;
    res.end();
  });
}).listen(port, "127.0.0.1");
