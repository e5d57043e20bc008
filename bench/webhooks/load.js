// Creates webhook events through POST /api/v1/webhooks/{id}/test (each commits an event and its delivery through
// the outbox), round-robin over the given endpoints.
// Usage: node load.js API KEY RATE COUNT ENDPOINT_ID...   RATE 0 = as fast as 16 concurrent requests allow.
// Prints how many were acknowledged (202) and the achieved rate.
const http = require("http");
const [api, key, rateArg, countArg, ...endpoints] = process.argv.slice(2);
const rate = Number(rateArg), count = Number(countArg);
const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
const url = new URL(api);
let acked = 0, failed = 0, started = 0;
function fire(n) {
  return new Promise(resolve => {
    const body = '{"event_type":"call.ended"}';
    const req = http.request({ host: url.hostname, port: url.port, method: "POST", agent,
      path: `/api/v1/webhooks/${endpoints[n % endpoints.length]}/test`,
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json", "content-length": body.length } }, res => {
      res.resume();
      res.on("end", () => { res.statusCode === 202 ? acked++ : failed++; resolve(); });
    });
    req.on("error", () => { failed++; resolve(); });
    req.end(body);
  });
}
(async () => {
  const t0 = Date.now();
  if (rate > 0) {
    // Open loop: request n goes out at t0 + n/rate whatever the previous ones are doing.
    const pending = [];
    while (started < count) {
      const due = t0 + (started * 1000) / rate;
      const wait = due - Date.now();
      if (wait > 0) await new Promise(r => setTimeout(r, wait));
      pending.push(fire(started++));
    }
    await Promise.all(pending);
  } else {
    const worker = async () => { while (started < count) await fire(started++); };
    await Promise.all(Array.from({ length: 16 }, worker));
  }
  const secs = (Date.now() - t0) / 1000;
  console.log(JSON.stringify({ acked, failed, seconds: secs, rate: +(acked / secs).toFixed(1) }));
  agent.destroy();
})();
