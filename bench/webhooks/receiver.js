// Counts webhook deliveries for the crash test: every distinct webhook-id per path, and duplicates.
// Usage: node receiver.js PORT OUTFILE  — GET /stats answers {"unique":N,"total":M,"by_path":{...}}.
const http = require("http");
const fs = require("fs");
const [port, outFile] = process.argv.slice(2);
const seen = new Map(); // "path id" -> count
let total = 0;
http.createServer((req, res) => {
  if (req.method === "GET" && req.url === "/stats") {
    const byPath = {};
    for (const key of seen.keys()) { const p = key.split(" ")[0]; byPath[p] = (byPath[p] || 0) + 1; }
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ unique: seen.size, total, by_path: byPath }));
    return;
  }
  req.resume();
  req.on("end", () => {
    const key = req.url + " " + req.headers["webhook-id"];
    seen.set(key, (seen.get(key) || 0) + 1);
    total++;
    if (outFile) fs.appendFileSync(outFile, key + "\n");
    res.statusCode = 204;
    res.end();
  });
}).listen(Number(port), "127.0.0.1");
